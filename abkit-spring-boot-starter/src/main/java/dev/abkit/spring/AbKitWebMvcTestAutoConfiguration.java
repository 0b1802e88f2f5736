package dev.abkit.spring;

import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * abkit in a {@code @WebMvcTest} slice. This class, and {@link AbKitAutoConfiguration}, are listed
 * in the starter's imports files for Boot's {@code AutoConfigureWebMvc} (Boot 4: {@code
 * org.springframework.boot.webmvc.test.autoconfigure}, Boot 3: {@code
 * org.springframework.boot.test.autoconfigure.web.servlet}), which is how a slice takes in
 * auto-configurations: the slice then has the AbKit bean, the filter registration beans that
 * MockMvc applies, and the {@code Experiments} argument resolver, as the running app does.
 *
 * <p>A slice has no DataSource, so abkit would fall back to its file store and write {@code
 * abkit-data/} into the project on every test run. Instead, unless {@code abkit.store.type} is set,
 * the slice records into memory. This class is listed only for the slice, never in {@code
 * AutoConfiguration.imports}, so a running application never gets it.
 */
@AutoConfiguration(
    before = AbKitAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@ConditionalOnMissingBean({DataSource.class, AbKit.class, AbKitStore.class})
@ConditionalOnExpression("'${abkit.store.type:}' == ''")
public class AbKitWebMvcTestAutoConfiguration {

  /** The slice's store; AbKit closes it. */
  @Bean(destroyMethod = "")
  AbKitStore abkitSliceStore() {
    return AbKitStore.inMemory();
  }
}
