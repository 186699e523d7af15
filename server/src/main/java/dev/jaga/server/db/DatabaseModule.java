package dev.jaga.server.db;

import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Provides jOOQ over the region's runtime pool, the restricted role every service queries as. */
@Module
public interface DatabaseModule {
  @Provides
  @Singleton
  static DSLContext dsl(RegionDatabase database) {
    return DSL.using(database.dataSource(), SQLDialect.POSTGRES);
  }
}
