// The phone's layout: the page in one column (app.css, diagram.css and lessons.css, each
// `@media (max-width: 767px)`). The views that draw otherwise there read this one query.
export const PHONE = window.matchMedia("(max-width: 767px)");
