// Command nixparse generates a tree of NixOS-style module files and times
// docsite's Nix parser on them; run.sh puts the numbers next to
// nix-instantiate --parse on the same files.
//
//	nixparse -gen DIR -n 1000   write DIR/m00000.nix ... (about 0.6 KB each)
//	nixparse -time DIR          parse every DIR/*.nix in this one process
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/docsite/docsite/bench/nixmod"
	"github.com/docsite/docsite/internal/nix"
)

func main() {
	gen := flag.String("gen", "", "directory to write generated modules into")
	n := flag.Int("n", 1000, "number of modules to generate")
	timeDir := flag.String("time", "", "directory whose *.nix files to parse and time")
	print := flag.Bool("print", false, "also print each file in nix-instantiate --parse notation (to /dev/null), the work nix-instantiate does")
	jobs := flag.Int("j", 1, "parse with this many goroutines (-time without -print)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of -time to this file")
	flag.Parse()
	// The collector runs with its default target: a higher one (GOGC=200
	// or 400) saves collections on 10,000 files but costs as much in
	// page faults on a fresh, bigger heap, and more on 1,000 files.
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	switch {
	case *gen != "":
		if err := generate(*gen, *n); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case *timeDir != "":
		if *jobs > 1 {
			if err := timeParallel(*timeDir, *jobs); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			return
		}
		if os.Getenv("GOMAXPROCS") == "" {
			// Single-threaded means the collector too: with a second P
			// its workers and their wake-ups cost a third more CPU than
			// they save (0.45 s vs 0.33 s for 10,000 files).
			runtime.GOMAXPROCS(1)
		}
		if err := timeParse(*timeDir, *print); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	default:
		flag.Usage()
		os.Exit(2)
	}
}

func generate(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("m%05d.nix", i))
		if err := os.WriteFile(name, []byte(nixmod.Module(r, i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func timeParse(dir string, print bool) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.nix"))
	if err != nil {
		return err
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer devnull.Close()
	out := bufio.NewWriter(devnull)
	start := time.Now()
	cpu0 := cpuSeconds()
	size := 0
	var rd fileReader
	for _, name := range files {
		src, err := rd.read(name)
		if err != nil {
			return err
		}
		size += len(src)
		f, err := nix.ParseFile(name, src)
		if err != nil {
			return err
		}
		if print {
			pr := &nix.Printer{BaseDir: filepath.Dir(name), Home: os.Getenv("HOME")}
			if err := pr.Fprint(out, f); err != nil {
				return err
			}
			out.WriteByte('\n')
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	wall := time.Since(start).Seconds()
	cpu := cpuSeconds() - cpu0
	fmt.Printf("%d %.2f %.3f %.3f\n", len(files), float64(size)/1e6, wall, cpu)
	return nil
}

// timeParallel reads and parses the files with j goroutines, the way a
// build reads a flake's files.
func timeParallel(dir string, j int) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.nix"))
	if err != nil {
		return err
	}
	start := time.Now()
	cpu0 := cpuSeconds()
	var size atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for w := 0; w < j; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var rd fileReader
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				src, err := rd.read(files[i])
				if err == nil {
					_, err = nix.ParseFile(files[i], src)
				}
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				size.Add(int64(len(src)))
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return err
	}
	wall := time.Since(start).Seconds()
	fmt.Printf("%d %.2f %.3f %.3f\n", len(files), float64(size.Load())/1e6, wall, cpuSeconds()-cpu0)
	return nil
}

// fileReader reads whole files into one buffer it reuses (ParseFile
// copies what it keeps). It makes three system calls a file, open, read,
// close, where os.ReadFile makes ten on Linux (open, fcntl calls and an
// epoll registration for the *os.File, fstat, two reads, close) and
// allocates a buffer and a file object each time. On this VM a system
// call costs about 5 µs, as much as parsing 150 bytes.
//
// A read that returns less than asked is the end of the file: Linux
// fills a read of a regular file unless it reaches the end (reads of
// regular files are not cut short by signals). Only a read that fills
// the buffer is followed by another.
type fileReader struct{ buf []byte }

func (r *fileReader) read(name string) ([]byte, error) {
	fd, err := open(name)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	if r.buf == nil {
		r.buf = make([]byte, 64<<10)
	}
	n := 0
	for {
		if n == len(r.buf) {
			r.buf = append(r.buf, make([]byte, len(r.buf))...)
		}
		m, err := syscall.Read(fd, r.buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 || m < len(r.buf)-n {
			return r.buf[:n+m], nil
		}
		n += m
	}
}

func open(name string) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// cpuSeconds is the user+system CPU time of this process so far: on a
// busy machine it says more than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
