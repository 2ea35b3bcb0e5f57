package dev.otlab.attacks;

/**
 * One thing wrong with a step's parameters, found before the step runs.
 *
 * @param parameter the parameter at fault, or empty for the parameters as a whole
 * @param message what is wrong, one sentence
 * @param remedy what to write instead, one sentence naming the valid choices
 */
public record ParameterProblem(String parameter, String message, String remedy) {}
