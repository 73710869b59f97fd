package com.smeplug.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * Visibility is the boundary (issue 21): a public top-level type of the production code is one another package uses
 * (a port, its records, what a feature's configuration hands to {@code SmePlugApplication}), or one of the few listed
 * in {@link #PUBLIC_FOR_OUTSIDE} with the reason it must stay public although no other production package uses it.
 * Any other public type fails the test: make it package-private. The list may not name a type that no longer needs it,
 * and holds at most {@link #LIMIT} types. A use of a nested type counts as a use of its top-level type. The types are
 * printed to {@code functions/target/surefire-reports/com.smeplug.architecture.PublicSurfaceTest-output.txt}.
 */
class PublicSurfaceTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            // Spring AOT's generated bean definitions (Foo__BeanDefinitions ...): written by process-aot, not by us
            .withImportOption(location -> !location.contains("__"))
            .importPackages("com.smeplug");

    /** Public, though no other production package uses them, and why. */
    private static final Map<String, String> PUBLIC_FOR_OUTSIDE = Map.ofEntries(
            Map.entry("com.smeplug.SmePlugApplication", "template.yaml names it (MAIN_CLASS)"),
            Map.entry("com.smeplug.platform.lambda.PrimingFunctionInvoker", "template.yaml names it (Handler)"),
            Map.entry("com.smeplug.platform.lambda.AotTraining",
                    "infra/image/lambda-java runs it by name to train the AOT cache"),
            Map.entry("com.smeplug.platform.lambda.SyntheticLambdaContext", "infra/local-server invokes the handler with it"),
            Map.entry("com.smeplug.platform.logging.BootstrapLogging",
                    "META-INF/services names it (ServiceLoader needs a public class)"),
            Map.entry("com.smeplug.samples.SampleTenantSeeder", "infra/local-server and the tests seed the sample tenants"),
            Map.entry("com.smeplug.platform.secrets.LocalKeySecretBox",
                    "SalesforceConnectionsIT seals and opens the local stack's secrets with it"),
            Map.entry("com.smeplug.chat.knowledge.PassageIndex",
                    "chat's tests and infra/bench/chat's index cold-start bench build the lexical index on its own"),
            Map.entry("com.smeplug.chat.knowledge.PassageVectors",
                    "functions/pom.xml runs its main at build time to embed the passages"));

    /** Issue 21's target: at most ten public types that no other production package uses. */
    private static final int LIMIT = 10;

    @Test
    void everyPublicTypeIsUsedByAnotherPackageOrListedWithItsReason() throws IOException {
        String template = Files.readString(Path.of(System.getProperty("smeplug.repo.root", ".."), "template.yaml"));
        List<JavaClass> unused = publicTopLevelTypes().stream()
                .filter(type -> !usedFromOtherPackages().contains(type.getName()))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();

        long named = unused.stream().filter(type -> template.contains(type.getName())).count();
        System.out.printf("Public top-level types used by no class outside their own package: %d of %d"
                + " (%d of them named in template.yaml)%n", unused.size(), publicTopLevelTypes().size(), named);
        unused.forEach(type -> System.out.println("  " + type.getName() + "  ("
                + PUBLIC_FOR_OUTSIDE.getOrDefault(type.getName(), "NOT LISTED: make it package-private") + ")"));

        // A type another package uses is never listed: the measure itself is sound.
        assertThat(unused).extracting(JavaClass::getSimpleName)
                .doesNotContain("PlugCatalog", "Subscriptions", "SubscribedPlugs", "HttpFunctions", "Route");
        assertThat(unused).extracting(JavaClass::getName)
                .as("public types no other production package uses, not listed in PUBLIC_FOR_OUTSIDE")
                .isSubsetOf(PUBLIC_FOR_OUTSIDE.keySet());
        assertThat(PUBLIC_FOR_OUTSIDE.keySet())
                .as("listed in PUBLIC_FOR_OUTSIDE, but another package uses them now (or they are gone): unlist them")
                .isSubsetOf(unused.stream().map(JavaClass::getName).toList());
        assertThat(unused).hasSizeLessThanOrEqualTo(LIMIT);
    }

    private static List<JavaClass> publicTopLevelTypes() {
        return PRODUCTION.stream()
                .filter(JavaClass::isTopLevelClass)
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getSimpleName().equals("package-info"))
                .toList();
    }

    private static Set<String> usedFromOtherPackages() {
        Set<String> used = new HashSet<>();
        for (JavaClass origin : PRODUCTION) {
            origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = topLevel(dependency.getTargetClass());
                if (!target.getPackageName().equals(origin.getPackageName())) {
                    used.add(target.getName());
                }
            });
        }
        return used;
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass current = type;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }
}
