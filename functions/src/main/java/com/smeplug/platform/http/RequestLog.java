package com.smeplug.platform.http;

import com.smeplug.platform.auth.Probe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one log event of each request: {@code request_id}, {@code tenant}, {@code user}, {@code route},
 * {@code status} and {@code duration_ms} as fields of the event (numbers stay numbers in the JSON line). A request
 * that ended in a 5xx is the same single event at ERROR, with the failure's stack trace in its {@code stack_trace}
 * field. The Lambda invocation's fields ({@code aws_request_id}, {@code function}, {@code cold_start}) come from the
 * MDC the handler sets (see PrimingFunctionInvoker). Priming's probe requests build their event at TRACE, which is
 * never enabled, so they are not logged (a thousand of them would bury the log; the invoker sums them up instead),
 * yet they run this code.
 */
final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger(HttpFunctions.class);

    private RequestLog() {
    }

    static void write(String requestId, String tenant, String user, String route, int status, long durationMillis,
            Throwable defect) {
        // the probe's event is built the same way, at a level never enabled, so priming walks this path
        LoggingEventBuilder event = Probe.isUser(user) ? log.atTrace()
                : defect == null ? log.atInfo() : log.atError().setCause(defect);
        event.setMessage(route + " " + status + " in " + durationMillis + " ms")
                .addKeyValue("request_id", requestId)
                .addKeyValue("tenant", tenant)
                .addKeyValue("user", user)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", durationMillis)
                .log();
    }
}
