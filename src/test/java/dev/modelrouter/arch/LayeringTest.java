package dev.modelrouter.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

/** The package map of design.md: arrows point one way, and Spring stays at the edges. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // bean definitions that spring-boot:process-aot generates (Foo__BeanDefinitions) wire every layer
            .withImportOption(location -> !location.contains("__"))
            .importPackages("dev.modelrouter");

    @Test
    void packagesDependOnlyDownwards() {
        Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.modelrouter..")
                .withOptionalLayers(true)
                .layer("model").definedBy("dev.modelrouter.model..")
                .layer("protocol").definedBy("dev.modelrouter.protocol..")
                .layer("spi").definedBy("dev.modelrouter.spi..")
                .layer("config").definedBy("dev.modelrouter.config..")
                .layer("transform").definedBy("dev.modelrouter.transform..")
                .layer("routing").definedBy("dev.modelrouter.routing..")
                .layer("upstream").definedBy("dev.modelrouter.upstream..")
                .layer("observe").definedBy("dev.modelrouter.observe..")
                .layer("plugin").definedBy("dev.modelrouter.plugin..")
                .layer("pipeline").definedBy("dev.modelrouter.pipeline..")
                .layer("server").definedBy("dev.modelrouter.server..")
                .layer("cli").definedBy("dev.modelrouter.cli..")
                .whereLayer("model").mayOnlyBeAccessedByLayers(
                        "protocol", "spi", "config", "transform", "routing", "upstream", "observe", "plugin", "pipeline",
                        "server", "cli")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("transform", "upstream", "pipeline", "server")
                .whereLayer("config").mayOnlyBeAccessedByLayers(
                        "transform", "routing", "upstream", "plugin", "pipeline", "server", "cli")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("pipeline", "server")
                .whereLayer("upstream").mayOnlyBeAccessedByLayers("pipeline", "server")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("server")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                // the root application class wires the server; the CLI's `serve` boots it
                .ignoreDependency(dev.modelrouter.RouterApplication.class, dev.modelrouter.server.RouterConfiguration.class)
                .check(CLASSES);
    }

    @Test
    void theModelAndTheCodecsKnowNoSpring() {
        noClasses().that().resideInAnyPackage("dev.modelrouter.model..", "dev.modelrouter.protocol..",
                        "dev.modelrouter.routing..", "dev.modelrouter.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(CLASSES);
    }

    @Test
    void belowTheServerOnlyReactorAndDataBuffersOfTheWebStack() {
        noClasses().that().resideInAnyPackage("dev.modelrouter.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..", "org.springframework.context..")
                .check(CLASSES);
    }

    @Test
    void noCycles() {
        slices().matching("dev.modelrouter.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noJackson2() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.databind..")
                .check(CLASSES);
    }
}
