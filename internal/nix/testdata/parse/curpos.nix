{ p = __curPos; q = [ __curPos ]; r = __curPos.line; }
