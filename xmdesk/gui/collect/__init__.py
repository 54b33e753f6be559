"""The Collect area: the survey served to phones on the local network, QR posters, the kiosk."""
