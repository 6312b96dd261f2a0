// Decap CMS starts on its own as soon as it loads, before registre-cms.js could give it its
// French phrases: it waits instead, and registre-cms.js starts it (CMS.init) once all is registered.
window.CMS_MANUAL_INIT = true;
