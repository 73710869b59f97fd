package com.smeplug.usage;

import java.time.Clock;

import com.smeplug.billing.Plans;
import com.smeplug.billing.Subscriptions;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;

/** The usage meter wired by hand, exactly as {@link UsageConfiguration} wires it, for the no-Spring chat baseline. */
public final class PlainUsageWiring {

    private PlainUsageWiring() {
    }

    public static UsageMeter meter(Table table, Subscriptions subscriptions, Plans plans, Clock clock, Settings settings) {
        UsageConfiguration wiring = new UsageConfiguration();
        return wiring.usageMeter(wiring.usageStore(table), wiring.usageQuotas(subscriptions, plans), clock, settings,
                com.smeplug.billing.OverageReporter.NONE);
    }
}
