// Entry of consentry-lang-<code>.<hash>.js, a language pack of the
// script-tag build: the texts of one language, which the consent interface
// loads (with the integrity hash built into it) for a visitor who reads
// that language. It hands them to the function the loader keeps on its
// element; a <script> tag of the page's own for it does nothing.
import { language, texts } from 'consentry-lang:pack';

const me = document.currentScript;
const hand = me && me.__consentryUi;
if (typeof hand === 'function') hand({ language, texts });
else console.error('Consentry: ' + (me && me.src) + ' is a language file of the consent interface, which loads it itself when it is needed; remove this <script> tag.');
