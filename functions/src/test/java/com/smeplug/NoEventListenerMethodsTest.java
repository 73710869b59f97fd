package com.smeplug;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;
import org.springframework.context.event.EventListener;

/**
 * {@link SmePlugApplication} removes Spring's {@code @EventListener} processor to save start-up time; an
 * {@code @EventListener} method added to the application would then never be called, silently. This fails first.
 */
class NoEventListenerMethodsTest {

    @Test
    void noMethodOfTheApplicationListensWithTheEventListenerAnnotation() {
        noMethods().should().beAnnotatedWith(EventListener.class)
                .because("SmePlugApplication removes the processor that would call them; implement ApplicationListener")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.smeplug"));
    }
}
