"""Page layouts of the web app: pure functions returning component trees."""
