// Entry of consentry.global.js: the classic script a site puts first in <head>.
import { boot } from './boot.js';

const me = document.currentScript;
const attrs = [];
if (me && me.dataset) for (const k in me.dataset) attrs.push([k, me.dataset[k]]);
window.Consentry = boot(window.ConsentryConfig, attrs, (me && me.nonce) || '', (me && me.src) || '');
