package com.smeplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.platform.aws.Table;
import com.smeplug.samples.SampleTenantSeeder;

/**
 * Starts dynalite + ElasticMQ with the template's resources and the sample tenants, writes the function variables
 * to a file (one NAME=value per line) for the benchmark JVMs, and runs until killed.
 */
public final class BenchEnvironment {

    private BenchEnvironment() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path variablesFile = Path.of(args[0]);
        LocalAws aws = LocalAws.start("bench");
        Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        SampleTenantSeeder.seed(new Table(aws.tableName(), aws.dynamoDb()), Clock.systemUTC());
        Map<String, String> variables = aws.functionVariables();
        variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
        Files.writeString(variablesFile, variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        System.out.println("bench environment ready");
        Thread.currentThread().join();
    }
}
