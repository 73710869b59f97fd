package com.smeplug.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until Spring Boot's takes over. The Lambda handler logs before Spring starts (Spring Cloud
 * Function names its main class at INFO), and Logback's own default would print that as a plain-text DEBUG-level
 * line on every cold start. Here the root level is WARN and anything that does get through is already one JSON line
 * (Logback's own JSON encoder: nothing of Spring may run here, since whatever logs while SLF4J is still starting is
 * replayed with a plain-text notice). Spring Boot resets this once the application starts and applies
 * application.properties.
 * Registered in META-INF/services/ch.qos.logback.classic.spi.Configurator.
 */
public final class BootstrapLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("BOOTSTRAP");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
