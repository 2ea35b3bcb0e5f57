// The glossary: every word a scorecard, evaluation or comparison uses, in plain terms with its
// definition or formula. Labels elsewhere link here (#/glossary?term=key) and carry the same text on hover.
import {h, mount} from '../dom.js';
import {GLOSSARY} from '../words.js';

export function render(el, focus) {
  mount(el, h('h1', null, 'Glossary'),
    h('p', {class: 'hint'}, 'What the words on scorecards, evaluations and comparisons mean. docs/scoring.md in the repository gives every formula in full.'),
    h('dl', {class: 'glossary', 'data-testid': 'glossary'}, Object.entries(GLOSSARY).map(([key, [label, text]]) =>
      h('div', {id: `g-${key}`, class: 'glossary-entry', 'data-term': key}, h('dt', null, label), h('dd', null, text)))));
  if (focus) {
    const target = document.getElementById(`g-${focus}`);
    if (target) {
      target.classList.add('glossary-focus');
      target.scrollIntoView({block: 'center'});
    }
  }
}
