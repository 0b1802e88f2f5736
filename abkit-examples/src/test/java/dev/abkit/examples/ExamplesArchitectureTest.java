package dev.abkit.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI and demo are written as a user would write them: against the public API of each module.
 * The one exception is the pipeline benchmark, which measures core's internal recorder directly
 * (the facade's own costs would hide what it measures).
 */
class ExamplesArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));
  }

  @Test
  void examples_useNoInternalPackageOfAnotherModule_butTheBenchmarkItsRecorder() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.abkit.examples.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.abkit.internal..", "dev.abkit.jdbc.internal..", "dev.abkit.servlet.internal..")
        .check(main);
  }

  @Test
  void benchmarks_useOnlyTheRecorderOfCoresInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.abkit.examples.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.abkit.internal.bucketing..",
            "dev.abkit.internal.condition..",
            "dev.abkit.internal.engine..",
            "dev.abkit.internal.hashing..",
            "dev.abkit.internal.json..",
            "dev.abkit.internal.report..",
            "dev.abkit.internal.stats..",
            "dev.abkit.internal.store..",
            "dev.abkit.jdbc.internal..",
            "dev.abkit.servlet.internal..")
        .check(main);
  }

  @Test
  void examples_doNotUseTheStoreKit() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.abkit.testing..").check(main);
  }
}
