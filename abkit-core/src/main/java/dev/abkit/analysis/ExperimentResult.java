package dev.abkit.analysis;

/** The analysis of one experiment. Placeholder: the analysis work defines the fields. */
public record ExperimentResult(String id) {}
