(window.__ran = window.__ran || []).push('first-party');
