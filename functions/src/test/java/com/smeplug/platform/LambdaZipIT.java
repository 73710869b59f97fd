package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.smeplug.local.aws.RepoRoot;
import org.junit.jupiter.api.Test;

/**
 * What the deployed function code can do with a token, read from the built Lambda zip (package runs before the
 * integration tests): no JWT library, no dev verifier, no HS256 anywhere, and the one authenticator reads only the
 * claims API Gateway verified — the user — never a tenant claim a client could choose.
 */
class LambdaZipIT {

    static final Path ZIP = RepoRoot.find().resolve("functions/target/sme-plug-lambda.zip");
    static final String AUTHENTICATOR = "com/smeplug/platform/auth/GatewayClaimsAuthenticator.class";

    @Test
    void the_lambda_zip_holds_no_token_verifier_no_hs256_and_no_tenant_claim_reader() throws IOException {
        assertThat(ZIP).as("built by mvn package").exists();
        List<String> entries = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        byte[] authenticator = null;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                entries.add(entry.getName());
                if (entry.getName().endsWith(".class")) {
                    byte[] bytes = zip.getInputStream(entry).readAllBytes();
                    scan(entry.getName(), bytes, offending);
                    if (entry.getName().equals(AUTHENTICATOR)) {
                        authenticator = bytes;
                    }
                }
                else if (entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                            if (inner.getName().endsWith(".class")) {
                                byte[] bytes = jar.readAllBytes();
                                scan(entry.getName() + "!" + inner.getName(), bytes, offending);
                                // our own classes ship as lib/sme-plug-functions.jar (an AOT cache covers only jars)
                                if (inner.getName().equals(AUTHENTICATOR)) {
                                    authenticator = bytes;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(entries).as("JWT libraries in the zip")
                .noneMatch(name -> name.contains("java-jwt") || name.contains("jjwt") || name.contains("nimbus-jose")
                        || name.contains("com/auth0/"));
        assertThat(entries).as("dev token classes").noneMatch(name -> name.contains("DevToken"));
        assertThat(offending).as("classes that name HS256, a dev secret or a JWT library").isEmpty();
        assertThat(authenticator).as("the gateway claims authenticator is the token path").isNotNull();
        String constants = new String(authenticator, StandardCharsets.ISO_8859_1);
        assertThat(constants).contains("sub", "email_verified").doesNotContain("tenant_id", "TENANT_CLAIM");
    }

    private static void scan(String name, byte[] classFile, List<String> offending) {
        String constants = new String(classFile, StandardCharsets.ISO_8859_1);
        for (String marker : List.of("HS256", "HMAC256", "DEV_JWT_SECRET", "com/auth0/jwt", "com/nimbusds/jose")) {
            if (constants.contains(marker)) {
                offending.add(name + " (" + marker + ")");
            }
        }
    }
}
