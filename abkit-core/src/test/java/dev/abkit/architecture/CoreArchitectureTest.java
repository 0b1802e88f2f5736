package dev.abkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of abkit-core, checked on its compiled main classes: the API packages on top, {@code
 * dev.abkit.internal} below them, and the SPI as a contract that speaks only its own and the API's
 * types. JPMS already hides the internal packages from other modules; these rules also hold inside
 * the module, where JPMS does not look.
 */
class CoreArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importMainClasses() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));
  }

  @Test
  void core_dependsOnNoOtherAbkitModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.abkit.jdbc..",
            "dev.abkit.servlet..",
            "dev.abkit.testing..",
            "dev.abkit.examples..")
        .check(core);
  }

  @Test
  void spi_dependsOnNoAnalysisAndNoInternalType() {
    noClasses()
        .that()
        .resideInAPackage("dev.abkit.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.abkit.analysis..", "dev.abkit.internal..")
        .check(core);
  }

  @Test
  void apiPackages_exposeNoInternalTypeInPublicSignatures() {
    classes()
        .that()
        .resideOutsideOfPackage("dev.abkit.internal..")
        .and()
        .arePublic()
        .should(exposeNoTypeFrom("dev.abkit.internal"))
        .check(core);
  }

  /**
   * Public and protected members of a public class must not name a type from {@code
   * internalPrefix}, neither raw nor as a type argument: users could not name that type.
   */
  static ArchCondition<JavaClass> exposeNoTypeFrom(String internalPrefix) {
    return new ArchCondition<>("expose no type from " + internalPrefix + " in public signatures") {
      @Override
      public void check(JavaClass owner, ConditionEvents events) {
        for (JavaMember member : owner.getMembers()) {
          if (!member.getModifiers().contains(JavaModifier.PUBLIC)
              && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
            continue;
          }
          Set<JavaClass> named = new LinkedHashSet<>();
          if (member instanceof JavaField field) {
            named.addAll(field.getType().getAllInvolvedRawTypes());
          } else if (member instanceof JavaCodeUnit code) {
            named.addAll(code.getReturnType().getAllInvolvedRawTypes());
            code.getParameterTypes().forEach(p -> named.addAll(p.getAllInvolvedRawTypes()));
          }
          for (JavaClass type : named) {
            if (type.getPackageName().startsWith(internalPrefix)) {
              events.add(
                  SimpleConditionEvent.violated(
                      member, member.getFullName() + " exposes " + type.getName()));
            }
          }
        }
      }
    };
  }
}
