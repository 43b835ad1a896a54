{ a = undefinedThing; }
