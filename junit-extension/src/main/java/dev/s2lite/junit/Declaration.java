package dev.s2lite.junit;

/**
 * A class that declares its own server: the options, where they come from (for error messages),
 * whether they come from {@code @S2Lite} (which takes JUnit's locks on its own, from 5.12), and
 * the unique id of the class's extension context.
 */
record Declaration(Config config, String origin, boolean annotated, String contextId) {}
