/* no end
1
