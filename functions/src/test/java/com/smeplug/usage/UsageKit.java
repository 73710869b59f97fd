package com.smeplug.usage;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

import com.smeplug.billing.PlainBillingWiring;
import com.smeplug.billing.Plans;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.MutableClock;
import com.smeplug.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import org.springframework.core.env.StandardEnvironment;

/**
 * The usage feature wired the way {@link UsageConfiguration} wires it, against a test's own dynalite, with a clock
 * the test can move. The meter is called directly (as the chat function will call it); usage is read through the
 * real {@code usage} function.
 */
public final class UsageKit {

    final TestStack stack;
    final MutableClock clock = new MutableClock();
    final Table table;
    final UsageStore store;
    final UsageMeter meter;
    final UsageReconciler reconciler;

    UsageKit(TestStack stack) {
        this(stack, com.smeplug.billing.OverageReporter.NONE);
    }

    /** {@code overage}: where answers past an overage plan's quota are reported (Stripe's meters in real mode). */
    public UsageKit(TestStack stack, com.smeplug.billing.OverageReporter overage) {
        this.stack = stack;
        stack.applyVariables();
        Settings settings = new Settings(new StandardEnvironment());
        UsageConfiguration configuration = new UsageConfiguration();
        this.table = stack.table();
        this.store = configuration.usageStore(table);
        Quotas quotas = configuration.usageQuotas(PlainBillingWiring.subscriptions(table), new Plans(settings));
        this.meter = configuration.usageMeter(store, quotas, clock, settings, overage);
        this.reconciler = configuration.usageReconciler(store, clock, settings, overage);
    }

    public YearMonth month() {
        return UsageMonths.current(clock);
    }

    /** One answered chat request, as the chat function meters it. */
    public void answer(String tenant, String requestId, String plug) {
        UsageMeter.Reservation reservation = meter.reserve(tenant, requestId);
        meter.record(reservation, plug, new UsageMeter.TokenUsage(120, 80));
    }

    /** The id under which the meter records {@code requestId} of this month (and reports it to a billing meter). */
    public String usageEventId(String tenant, String requestId) {
        return DynamoUsageMeter.usageEventId(tenant, month(), requestId);
    }

    /** Billing's view of the overage units answered, as usage's configuration hands it to the sample ledger. */
    public com.smeplug.billing.OverageUsage overageUsage() {
        return new UsageConfiguration().overageUsage(store);
    }

    public HttpResult usage(String tenant) {
        return stack.invoke("usage", ApiEvent.get("/billing/usage").bearer(stack.token(tenant)));
    }

    HttpResult usage(String tenant, String rawQuery) {
        return stack.invoke("usage", ApiEvent.get("/billing/usage").query(rawQuery).bearer(stack.token(tenant)));
    }

    MonthCounters counters(String tenant) {
        return store.counters(tenant, month());
    }

    Map<String, AttributeValue> event(String tenant, YearMonth month, String requestId) {
        return table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(UsageStore.pk(tenant, month), UsageStore.EVENT_PREFIX + requestId))
                .consistentRead(true).build()).item();
    }

    /** Overwrites counter attributes behind the meter's back, as a bug or a manual edit would. */
    void corrupt(String tenant, YearMonth month, Map<String, Long> values) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> numbers = new HashMap<>();
        StringBuilder expression = new StringBuilder("SET ");
        int i = 0;
        for (var entry : values.entrySet()) {
            names.put("#a" + i, entry.getKey());
            numbers.put(":v" + i, Items.n(entry.getValue()));
            expression.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :v").append(i);
            i++;
        }
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(UsageStore.pk(tenant, month), UsageStore.COUNTERS))
                .updateExpression(expression.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(numbers)
                .build());
    }
}
