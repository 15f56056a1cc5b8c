// Entry of consentry-ui.<hash>.js, the consent interface of the script-tag
// build. consentry.global.js loads it (with its integrity hash and nonce)
// and keeps a function on the script element for this file to hand its
// module to; a <script> tag of the page's own for it does nothing.
import { mount } from './ui.js';

const me = document.currentScript;
const hand = me && me.__consentryUi;
if (typeof hand === 'function') hand({ mount });
else console.error('Consentry: ' + (me && me.src) + ' is the consent interface of consentry.global.js, which loads it itself when it is needed; remove this <script> tag.');
