/** The QA inspector's entry: renders the app into the shell page.ts serves (the only script the page runs). */
import { render } from 'preact';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);
