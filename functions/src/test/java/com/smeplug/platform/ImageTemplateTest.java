package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * template-image.yaml (the container-image packaging with an AOT cache) is generated from template.yaml by
 * infra/image/template, so it never drifts from it: it must keep every function and drop what an image function
 * cannot have.
 */
class ImageTemplateTest {

    private static final Path ROOT = Path.of(System.getProperty("smeplug.repo.root", ".."));

    @Test
    void every_function_of_template_yaml_is_an_image_function_built_from_the_one_dockerfile() throws Exception {
        String zip = Files.readString(ROOT.resolve("template.yaml"));
        String image = generate();

        List<String> functions = functionIds(zip);
        assertThat(functions).isNotEmpty().isEqualTo(functionIds(image));
        for (String function : functions) {
            assertThat(image).containsPattern("(?m)^  " + function + ":\\n    Type: AWS::Serverless::Function\\n    Metadata:\\n"
                    + "      Dockerfile: infra/image/Dockerfile\\n");
        }
        assertThat(image).contains("    PackageType: Image")
                .doesNotContain("Runtime:", "Handler:", "CodeUri:", "SnapStart", "Layers:", "LayerVersion", "JAVA_TOOL_OPTIONS");
        assertThat(Files.readString(ROOT.resolve("infra/image/Dockerfile")))
                .as("the image runs the zip's handler").contains(handler(zip));
    }

    /** What {@code infra/image/template > template-image.yaml} writes. */
    private static String generate() throws Exception {
        Process process = new ProcessBuilder("bash", ROOT.resolve("infra/image/template").toString()).start();
        String generated = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return generated;
    }

    private static List<String> functionIds(String template) {
        return Pattern.compile("(?m)^  (\\w+):\\n    Type: AWS::Serverless::Function$").matcher(template)
                .results().map(match -> match.group(1)).toList();
    }

    private static String handler(String template) {
        Matcher matcher = Pattern.compile("(?m)^    Handler: (\\S+)$").matcher(template);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
