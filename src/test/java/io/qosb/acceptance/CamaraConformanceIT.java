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
 * unchanged, against the adapter started in-process on the embedded default with the TEST profile.
 * Report: {@code target/camara-conformance/} (Cucumber JSON + summary.md, printed at the end).
 * Without the reference folder the suite says so in one line and runs nothing.
 */
@Suite(failIfNoTests = false)
@SuiteDisplayName("CAMARA conformance")
@IncludeEngines("cucumber")
@SelectDirectories("../shared/reference/camara")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "io.qosb.acceptance")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME,
    value = "json:target/camara-conformance/cucumber.json, io.qosb.acceptance.ConformanceReport")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
public class CamaraConformanceIT {
}
