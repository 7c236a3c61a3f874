package dev.s2lite.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A team's own annotation: its S2 fixtures, declared once, reused on every test class. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@S2Lite(initFile = "s2/orders.json", basins = "audit-basin")
@interface OrdersS2 {}
