package io.qosb.ops;
public class Main { public static void main(String[] a) {} }
