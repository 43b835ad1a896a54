{ services.jellyfin.port = 8096; }
