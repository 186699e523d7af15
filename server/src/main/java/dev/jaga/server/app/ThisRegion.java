package dev.jaga.server.app;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/** Qualifies the region this node serves as data plane. */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
public @interface ThisRegion {}
