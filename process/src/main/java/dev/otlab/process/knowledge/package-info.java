/**
 * What a plant file declares about its own process besides the model: the production measure the
 * scorecard integrates, the balances the process-aware detector checks and the mimic the dashboard
 * draws ({@link dev.otlab.process.knowledge.DeclaredKnowledge}), and the one place that resolves a
 * plant's knowledge from those sections or, where a section is absent, from its Java model kind
 * ({@link dev.otlab.process.knowledge.PlantKnowledge#resolve}).
 */
@NullMarked
package dev.otlab.process.knowledge;

import org.jspecify.annotations.NullMarked;
