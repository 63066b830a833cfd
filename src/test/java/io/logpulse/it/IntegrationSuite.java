package io.logpulse.it;

import org.junit.ClassRule;
import org.junit.rules.ExternalResource;
import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * Every integration test, against one real local stack started once for the whole suite. The last class stops the
 * stack itself (to test failures on start); the suite's end stops whatever runs and checks nothing is left.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({StackLifecycleIT.class, IngestIT.class, HBaseCounterSinkIT.class, StreamingJobIT.class,
        FlumeExactlyOnceIT.class, BacklogAlertsIT.class,
        YarnJobIT.class, HBaseShellIT.class, DemoIT.class, DashboardIT.class, OutageIT.class,
        StackFailureIT.class})
public class IntegrationSuite {
    @ClassRule
    public static final ExternalResource STACK = new ExternalResource() {
        @Override
        protected void before() {
            LocalStack.start();
        }

        @Override
        protected void after() {
            LocalStack.stop();
        }
    };
}
