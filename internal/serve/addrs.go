package serve

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
)

// URLs returns the addresses a server listening on bind:port can be
// reached at, for printing at start: localhost first, then each
// non-loopback interface address (LAN, VPN, Tailscale) when bind is a
// wildcard, or bind itself otherwise. base is the site's base path ("/"…).
func URLs(bind string, port int, base string) []string {
	var addrs []netip.Addr
	if ifs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range ifs {
			if p, err := netip.ParsePrefix(a.String()); err == nil {
				addrs = append(addrs, p.Addr())
			}
		}
	}
	return urls(bind, port, cleanBase(base), addrs)
}

func urls(bind string, port int, base string, ifaddrs []netip.Addr) []string {
	ps := strconv.Itoa(port)
	u := func(host string) string { return "http://" + net.JoinHostPort(host, ps) + base }
	b, err := netip.ParseAddr(bind)
	if bind != "" && err != nil {
		return []string{u(bind)} // a host name
	}
	if bind != "" && !b.IsUnspecified() {
		if b.IsLoopback() {
			return []string{u("localhost")}
		}
		return []string{u(b.String())}
	}
	// 0.0.0.0 accepts v4 only; "::" and "" accept both (Go listens dual-stack).
	v4only := bind != "" && b.Is4()
	out := []string{u("localhost")}
	var v4, v6 []string
	for _, a := range ifaddrs {
		a = a.Unmap()
		switch {
		case a.IsLoopback(), a.IsUnspecified(), a.IsMulticast():
		case a.Is4():
			v4 = append(v4, u(a.String()))
		case v4only:
		case a.IsLinkLocalUnicast():
			// fe80:: needs a zone, which a browser URL cannot carry.
		default:
			v6 = append(v6, u(a.String()))
		}
	}
	slices.Sort(v4)
	slices.Sort(v6)
	return slices.Compact(append(append(out, v4...), v6...))
}
