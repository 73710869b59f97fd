package com.smeplug.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * Measures the public surface (issue 21: visibility is the boundary): the public top-level types of the production
 * code that no class outside their own package uses, so could be package-private. It prints them (to the surefire
 * output file of this class) and their number, marking those {@code template.yaml} names (which must stay public); it
 * does not yet hold them to a limit. A use of a nested type counts as a use of its top-level type, which must then stay
 * public. Run: {@code mvn -pl functions -am verify -Dtest=PublicSurfaceTest -Dit.test=None
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}, then read
 * {@code functions/target/surefire-reports/com.smeplug.architecture.PublicSurfaceTest-output.txt}.
 */
class PublicSurfaceTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.smeplug");

    @Test
    void listsThePublicTypesNoOtherPackageUses() throws IOException {
        String template = Files.readString(Path.of(System.getProperty("smeplug.repo.root", ".."), "template.yaml"));
        List<JavaClass> unused = publicTopLevelTypes().stream()
                .filter(type -> !usedFromOtherPackages().contains(type.getName()))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();

        long named = unused.stream().filter(type -> template.contains(type.getName())).count();
        System.out.printf("Public top-level types used by no class outside their own package: %d of %d"
                + " (%d of them named in template.yaml)%n", unused.size(), publicTopLevelTypes().size(), named);
        unused.forEach(type -> System.out.println("  " + type.getName()
                + (template.contains(type.getName()) ? "  (named in template.yaml)" : "")));

        // A type another package uses is never listed: the measure itself is sound.
        assertThat(unused).extracting(JavaClass::getSimpleName)
                .doesNotContain("PlugCatalog", "Subscriptions", "SubscribedPlugs", "HttpFunctions", "Route");
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
