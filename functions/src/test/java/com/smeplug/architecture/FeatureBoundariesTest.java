package com.smeplug.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;

/**
 * The boundaries between the top-level feature packages of {@code com.smeplug}, as the style guide draws them, checked
 * on the production classes. Every feature may use {@code platform}; any other feature → feature edge must be listed in
 * {@link #ALLOWED}, the one place that says which feature may use which. {@code SmePlugApplication} (the root package)
 * wires everything and is no feature.
 */
class FeatureBoundariesTest {

    private static final String ROOT = "com.smeplug";

    private static final Set<String> FEATURES = Set.of("answers", "billing", "chat", "console", "finetune",
            "integrations", "platform", "plugs", "samples", "tenants", "usage");

    /** The allowed feature → feature edges besides {@code platform} (which every feature may use). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("answers", Set.of()),
            // Billing prices and subscribes to plugs from the catalogue.
            Map.entry("billing", Set.of("plugs")),
            // Chat answers from a plug's pack (plugs, answers), the tenant's records (integrations), meters tokens
            // (usage), honours entitlements (billing) and a tenant's specialisation (finetune).
            Map.entry("chat", Set.of("answers", "billing", "finetune", "integrations", "plugs", "usage")),
            Map.entry("console", Set.of()),
            // Fine-tune builds a specialisation of a plug's pack from the shared answer code, for entitled tenants.
            Map.entry("finetune", Set.of("answers", "billing", "plugs")),
            Map.entry("integrations", Set.of()),
            Map.entry("platform", Set.of()),
            // Plugs learns which plugs a tenant has through its own port (SubscribedPlugs), which billing implements.
            Map.entry("plugs", Set.of()),
            // The seeder opens the sample tenants' subscriptions through billing's port (SampleSubscriptions).
            Map.entry("samples", Set.of("billing")),
            // Tenants checks a tenant's payment account (billing) and its connections (integrations) on sign-up.
            Map.entry("tenants", Set.of("billing", "integrations")),
            // Usage meters against the plan's allowance and reports overage to billing.
            Map.entry("usage", Set.of("billing")));

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void everyTopLevelPackageIsAKnownFeatureWithItsEdgesListed() {
        var found = new TreeSet<String>();
        PRODUCTION.forEach(javaClass -> feature(javaClass.getPackageName()).ifPresent(found::add));
        assertThat(found).isEqualTo(new TreeSet<>(FEATURES));
        assertThat(ALLOWED.keySet()).isEqualTo(FEATURES);
    }

    @Test
    void platformDependsOnNoFeature() {
        noClasses().that().resideInAPackage(ROOT + ".platform..")
                .should().dependOnClassesThat().resideInAnyPackage(otherFeaturesThan("platform"))
                .because("platform is the base every feature stands on")
                .check(PRODUCTION);
    }

    @Test
    void aFeatureUsesOnlyTheFeaturesItIsAllowedTo() {
        classes().that().resideInAPackage(ROOT + ".*..")
                .should(useOnlyAllowedFeatures())
                .check(PRODUCTION);
    }

    @Test
    void nothingDependsOnChat() {
        noClasses().that().resideInAPackage(ROOT + ".*..").and().resideOutsideOfPackage(ROOT + ".chat..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".chat..")
                .because("chat is the top of the stack: what it shares with others belongs below it")
                .check(PRODUCTION);
    }

    /**
     * A {@code *Configuration} class only wires beans: each of its methods is a {@code @Bean} method (the bodies of
     * the functions' lambdas are compiled to synthetic methods and are not counted). Helpers, adapters such as an SQS
     * batch loop and handlers belong in a named class the bean points to.
     */
    @Test
    void configurationClassesOnlyWireBeans() {
        methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Configuration")
                .and().doNotHaveModifier(JavaModifier.SYNTHETIC)
                .should().beAnnotatedWith(Bean.class)
                .because("*Configuration classes only wire beans; the work is done by the classes they name")
                .check(PRODUCTION);
    }

    /**
     * Nothing the Lambda handler can reach is a development class: the local stack and its fakes
     * ({@code com.smeplug.local..}, infra/local-*), the test support ({@code com.smeplug.testing}) and the benchmarks
     * ({@code com.smeplug..bench..}) stay out of the production classes, so out of the zip.
     */
    @Test
    void theProductionCodeUsesNoDevelopmentClass() {
        noClasses().that().resideInAPackage(ROOT + "..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".local..", ROOT + ".testing..",
                        ROOT + "..bench..", ROOT + "..dev..")
                .because("the Lambda zip holds production classes only")
                .check(PRODUCTION);
    }

    /** The sample seeder lives in the main code for the local stack and the tests; no production class reaches it. */
    @Test
    void noProductionClassUsesTheSampleSeeder() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".samples..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".samples..")
                .because("seeding sample tenants is for the local stack and the tests, never for a deployed function")
                .check(PRODUCTION);
    }

    @Test
    void theSeederReachesBillingOnlyThroughItsPort() {
        noClasses().that().resideInAPackage(ROOT + ".samples..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ROOT + ".billing..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("SampleSubscriptions"))))
                .because("billing's store is billing's own; the seeder opens subscriptions through SampleSubscriptions")
                .check(PRODUCTION);
    }

    @Test
    void theFeaturePackagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    /** Inside a feature too: e.g. integrations' adapters (crm, erp, connections) use its connector port, never its wiring. */
    @Test
    void noPackageHasCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(PRODUCTION);
    }

    private static String[] otherFeaturesThan(String feature) {
        return FEATURES.stream().filter(other -> !other.equals(feature)).map(other -> ROOT + "." + other + "..")
                .toArray(String[]::new);
    }

    private static ArchCondition<JavaClass> useOnlyAllowedFeatures() {
        return new ArchCondition<>("use only platform and the features listed for their own feature") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String from = feature(javaClass.getPackageName()).orElseThrow();
                for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                    feature(dependency.getTargetClass().getPackageName())
                            .filter(to -> !to.equals(from) && !to.equals("platform"))
                            .filter(to -> !ALLOWED.getOrDefault(from, Set.of()).contains(to))
                            .ifPresent(to -> events.add(SimpleConditionEvent.violated(dependency,
                                    from + " -> " + to + " is not an allowed edge: " + dependency.getDescription())));
                }
            }
        };
    }

    /** The top-level feature a package belongs to; empty for the root package and anything outside it. */
    private static Optional<String> feature(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
