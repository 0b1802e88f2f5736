package dev.abkit.jdbc;

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
 * abkit-jdbc-store's layers, checked on its compiled main classes: it builds on core's API and SPI
 * only, knows no other abkit module, and its public package names no type of its own {@code
 * internal} package.
 */
class JdbcArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target", "classes"));
  }

  @Test
  void jdbcStore_usesNoInternalPackageOfCore() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.abkit.internal..").check(main);
  }

  @Test
  void jdbcStore_knowsNoOtherAbkitModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.abkit.servlet..", "dev.abkit.testing..", "dev.abkit.examples..")
        .check(main);
  }

  @Test
  void publicPackage_exposesNoInternalTypeInPublicSignatures() {
    classes()
        .that()
        .resideOutsideOfPackage("dev.abkit.jdbc.internal..")
        .and()
        .arePublic()
        .should(exposeNoTypeFrom("dev.abkit.jdbc.internal"))
        .check(main);
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
