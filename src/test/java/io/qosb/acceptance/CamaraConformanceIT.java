package io.qosb.acceptance;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The CAMARA acceptance suite: every scenario and example row of the official feature files in
 * {@code ../shared/reference/camara} (QoS Booking and Assignment, QoS Booking, QoS Profiles), read
 * unchanged, and those of the released QoS Booking r1.2 in
 * {@code ../shared/reference/releases/qos-booking-r1.2/Test_definitions} (v0.1 of QoS Booking and
 * Assignment and QoS Booking, served beside v0.2), against the adapter started in-process on the
 * embedded default with the TEST profile. A scenario's API version follows its feature's resource paths.
 * The selector is their common parent: a selected directory that does not exist fails discovery, and
 * {@code cucumber.features} (set while features exist) would make the Cucumber engine run them once
 * under this suite and once more on its own. A feature file under any other folder of the reference
 * set fails its scenarios ({@link Hooks}) rather than being run as if it belonged here.
 * Report: {@code target/camara-conformance/} (Cucumber JSON + summary.md, printed at the end).
 * Without the reference folder the suite says so in one line and runs nothing; without the r1.2
 * release folder it says so in one line and runs the others.
 */
@Suite(failIfNoTests = false)
@SuiteDisplayName("CAMARA conformance")
@IncludeEngines("cucumber")
@SelectDirectories("../shared/reference")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "io.qosb.acceptance")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME,
    value = "json:target/camara-conformance/cucumber.json, io.qosb.acceptance.ConformanceReport")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
public class CamaraConformanceIT {
}
