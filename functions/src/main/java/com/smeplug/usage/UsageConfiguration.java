package com.smeplug.usage;

import java.io.InputStream;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.billing.OverageReporter;
import com.smeplug.billing.OverageUsage;
import com.smeplug.billing.Plans;
import com.smeplug.billing.Subscriptions;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The usage feature: the {@link UsageMeter} the chat function calls, {@code usage} ({@code GET /billing/usage}) and
 * {@code usageReconcile} (scheduled daily; also invoked with {@code {"tenant_id": ..., "month": "YYYY-MM"}}).
 */
@Configuration(proxyBeanMethods = false)
public class UsageConfiguration {

    @Bean
    UsageStore usageStore(Table table) {
        return new UsageStore(table);
    }

    @Bean
    Quotas usageQuotas(Subscriptions subscriptions, Plans plans) {
        return new Quotas(subscriptions, plans);
    }

    @Bean
    UsageMeter usageMeter(UsageStore store, Quotas quotas, Clock clock, Settings settings, OverageReporter overage) {
        return new DynamoUsageMeter(store, quotas, clock, DynamoUsageMeter.retention(settings), UsageReconciler.reservationTimeout(settings), overage);
    }

    /** Billing's view of the overage units answered in a time range (the sample ledger's usage line). */
    @Bean
    OverageUsage overageUsage(UsageStore store) {
        return (tenantId, from, until) -> {
            long count = 0;
            for (YearMonth month = UsageMonths.of(from); !month.isAfter(UsageMonths.of(until)); month = month.plusMonths(1)) {
                count += store.overageBetween(tenantId, month, from, until);
            }
            return count;
        };
    }

    @Bean
    UsageReader usageReader(UsageStore store, Quotas quotas) {
        return new UsageReader(store, quotas);
    }

    @Bean
    UsageReconciler usageReconciler(UsageStore store, Clock clock, Settings settings, OverageReporter overage) {
        return new UsageReconciler(store, clock, UsageReconciler.reservationTimeout(settings), overage);
    }

    /** {@code GET /billing/usage[?month=YYYY-MM]}: the tenant's counted usage; the current UTC month by default. */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> usage(HttpFunctions http, UsageReader reader,
            Clock clock) {
        return http.route(Route.get().probedWith(""), request -> {
            YearMonth current = UsageMonths.current(clock);
            YearMonth month = request.queryParameters().containsKey("month")
                    ? UsageMonths.parse(request.queryParameters().get("month"))
                    : current;
            if (month.isAfter(current)) {
                throw ApiException.invalid("month " + month + " has not begun; usage is counted up to the current month "
                        + current);
            }
            return ApiResponse.ok(reader.read(request.tenant(), month));
        });
    }

    /**
     * Recounts usage from the events and repairs the counters. Input: an EventBridge scheduled event (every tenant
     * of the current month, and of the previous month during the first 2 days of a month) or
     * {@code {"tenant_id": "...", "month": "YYYY-MM"}} (one tenant-month; month defaults to the current one).
     * Output: a JSON summary of what was checked and repaired.
     */
    @Bean
    Function<Map<String, Object>, String> usageReconcile(UsageReconciler reconciler, Clock clock) {
        return input -> {
            UsageReconciler.Summary summary;
            if ("aws.events".equals(input.get("source")) || "Scheduled Event".equals(input.get("detail-type"))) {
                summary = reconciler.reconcileScheduled(UsageReconciler.scheduledTime(input, clock));
            }
            else if (input.get("tenant_id") instanceof String tenantId && !tenantId.isBlank()) {
                Object month = input.get("month");
                summary = reconciler.reconcileOne(tenantId, month == null ? UsageMonths.current(clock)
                        : UsageMonths.parse(month.toString()));
            }
            else {
                throw new IllegalArgumentException("usageReconcile takes an EventBridge scheduled event or "
                        + "{\"tenant_id\": \"...\", \"month\": \"YYYY-MM\"}");
            }
            return Json.write(summary);
        };
    }
}
