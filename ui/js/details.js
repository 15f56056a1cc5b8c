// Entry of consentry-details.<hash>.js, the vendor details of the
// script-tag build (names, companies, links, cookies and storage keys): the
// consent interface loads it (with the integrity hash built into it) the
// first time something shows them. It hands their text (the bytes, encoded
// as the modules are; see crate/js/decode.js) to the function the loader
// keeps on its element; a <script> tag of the page's own for it does
// nothing.
import details from 'consentry-details:data';

const me = document.currentScript;
const hand = me && me.__consentryUi;
if (typeof hand === 'function') hand({ details });
else console.error('Consentry: ' + (me && me.src) + ' is the vendor details file of the consent interface, which loads it itself when it is needed; remove this <script> tag.');
