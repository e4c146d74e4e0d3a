// The playground's policy editor: CodeMirror 6, bundled by `cargo xtask serve`/`test` with
// esbuild into dist/web/editor.js and loaded by boot.js after the first verdict (the textarea
// is the first paint and the fallback). Each editor lives in a shadow root: under the page's
// Content-Security-Policy (`style-src 'self'`) CodeMirror's styles then go through
// adoptedStyleSheets, which the policy allows, instead of an inline <style> it refuses.
//
// The wasm side talks to it through mount() and the handle it returns; positions are
// UTF-16 code units (the wasm side converts the core's byte offsets).
import { EditorState, EditorSelection, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  placeholder as placeholderExt, drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyField, historyKeymap, undo, redo } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { linter, lintGutter, setDiagnostics, forceLinting } from '@codemirror/lint';

// Colours come from the page's custom properties, which inherit into the shadow root, so
// the editor follows the light and dark themes.
const theme = EditorView.theme({
  '&': {
    color: 'var(--text)', backgroundColor: 'var(--input-bg)', fontSize: '13px',
    border: '1px solid var(--border)', borderRadius: '6px',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '20px', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--accent-bg)' },
  '.cm-tooltip': { backgroundColor: 'var(--card)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnostic': { fontFamily: 'var(--sans)', fontSize: '13px', maxWidth: '38em' },
  '.cm-placeholder': { color: 'var(--muted)', whiteSpace: 'pre-wrap' },
});

// The state (text, selection, undo history) of each editor destroyed, by its host's id:
// the next editor mounted there on the same text takes it back. So Ctrl+Z still undoes an
// edit made before the page handed over to its whole module (boot.js: the first module
// unmounts, the whole page mounts its own editors), or before another target was picked
// and AWS again.
const kept = new Map();

/**
 * Mounts an editor into `host` (a div). `onChange(text)` is called after every change the
 * person makes (and after apply()). Returns the handle the wasm side keeps.
 */
export function mount(host, { doc, label, placeholder, minLines, onChange }) {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  shadow.replaceChildren(parent);
  const wrap = new Compartment();
  // Diagnostics come from the core's analysis, not from a lint source of the editor's own:
  // this linter only keeps the gutter and the panel wired, and returns what was set last.
  let current = [];
  const extensions = [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
        history(), bracketMatching(), indentOnInput(), json(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        // The findings are for the text they were computed on; after an edit that shortens
        // it, the linter may run before the page sends the new ones, so those past the end
        // are left out (CodeMirror throws on a range outside the document).
        linter((v) => current.filter((d) => d.to <= v.state.doc.length), { delay: 0 }), lintGutter(),
        wrap.of(EditorView.lineWrapping),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        placeholderExt(placeholder ?? ''),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
        EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${(minLines ?? 18) * 20}px` } }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
  ];
  const saved = kept.get(host.id);
  kept.delete(host.id);
  const state = saved?.doc === doc
    ? EditorState.fromJSON(saved, { extensions }, { history: historyField })
    : EditorState.create({ doc, extensions });
  const view = new EditorView({ root: shadow, parent, state });
  const clamp = (n) => Math.max(0, Math.min(n, view.state.doc.length));
  const handle = {
    /** The text. */
    text: () => view.state.doc.toString(),
    /** Replaces the whole text from outside (an example, a link): not an edit to undo. */
    setDoc(text) {
      if (text === view.state.doc.toString()) return;
      view.setState(EditorState.create({ doc: text, extensions }));
      current = [];
    },
    /** The core's findings, as JSON `[{from, to, severity, message, source}]`. */
    setDiagnostics(jsonText) {
      current = JSON.parse(jsonText).map((d) => ({ ...d, from: clamp(d.from), to: clamp(Math.max(d.from, d.to)) }));
      view.dispatch(setDiagnostics(view.state, current));
    },
    /** Puts the cursor on a range, scrolls it into view and focuses the editor. */
    select(from, to) {
      view.dispatch({ selection: EditorSelection.single(clamp(from), clamp(to)), scrollIntoView: true });
      view.focus();
    },
    /** One undoable edit (a hint's fix, a written policy): Ctrl+Z brings the text back. */
    apply(from, to, insert) {
      view.dispatch({
        changes: { from: clamp(from), to: clamp(to), insert },
        selection: EditorSelection.cursor(clamp(from) + insert.length),
        scrollIntoView: true,
        userEvent: 'input.fix',
      });
      view.focus();
    },
    /** The cursor or selection, for tests: `{from, to}`. */
    selection: () => ({ from: view.state.selection.main.from, to: view.state.selection.main.to }),
    /** The diagnostics shown, for tests. */
    diagnostics: () => current.map(({ from, to, severity, message, source }) => ({ from, to, severity, message, source })),
    undo: () => undo(view),
    redo: () => redo(view),
    setWrap: (on) => view.dispatch({ effects: wrap.reconfigure(on ? EditorView.lineWrapping : []) }),
    focus: () => view.focus(),
    destroy: () => {
      if (host.id) kept.set(host.id, view.state.toJSON({ history: historyField }));
      view.destroy();
      shadow.replaceChildren();
    },
  };
  host.oidcEditor = handle;
  forceLinting(view);
  return handle;
}
