"""Static files served by the web app (CSS, JS, fonts): nothing comes from a CDN."""
