package com.smeplug.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.smeplug.platform.http.ApiException;
import com.smeplug.usage.UsageMeter;

/** An in-test stand-in for the usage port, with its contract: idempotent by request id, 429 past the quota. */
final class FakeUsageMeter implements UsageMeter {

    record Recorded(String tenantId, String requestId, String plugId, TokenUsage tokens) {
    }

    final List<Reservation> reserved = new ArrayList<>();
    final List<Recorded> recorded = new ArrayList<>();
    final List<Reservation> released = new ArrayList<>();
    private final Set<String> counted = new HashSet<>();
    long quota = Long.MAX_VALUE;

    @Override
    public synchronized Reservation reserve(String tenantId, String requestId) {
        boolean already = counted.contains(tenantId + "/" + requestId);
        if (!already && counted.stream().filter(k -> k.startsWith(tenantId + "/")).count() >= quota) {
            throw new ApiException(429, "quota_exceeded", "monthly query quota used up");
        }
        Reservation reservation = new Reservation(tenantId, requestId, "2026-01", already);
        reserved.add(reservation);
        return reservation;
    }

    @Override
    public synchronized void record(Reservation reservation, String plugId, TokenUsage tokens) {
        if (counted.add(reservation.tenantId() + "/" + reservation.requestId())) {
            recorded.add(new Recorded(reservation.tenantId(), reservation.requestId(), plugId, tokens));
        }
    }

    @Override
    public synchronized void release(Reservation reservation) {
        released.add(reservation);
    }
}
