package dev.s2lite.junit;

/**
 * A class that declares its own server: the options, where they come from (for error messages),
 * and the unique id of the class's extension context.
 */
record Declaration(Config config, String origin, String contextId) {}
