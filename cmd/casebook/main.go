// Command casebook builds and previews portals of cross-sector partnership
// case studies. See README.md for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// memoryLimit is the soft limit of the Go runtime's memory; see main. At
// 100,000 studies the live heap is 0.9-1.05 GB for most of the build, the
// heap grows to the limit between collections, and the peak RSS stays
// just above it, against a budget of 2 GB. The higher the limit, the
// further apart the collections: 1,400 MiB made that build 68 s (a
// collection every 150-250 MB of allocation), 1,650 MiB 47-60 s, 1,800 MiB
// 46 s with a render 4 s shorter than under 1,650 (in an earlier state of
// the code). Under 1,800 MiB the peak was mostly 1,854,000 KiB, but up to
// 1,939,000 KiB (1.99 GB) in some runs once parts of the build allocated
// in shorter bursts (the search index's tail, made faster; the cause was
// not pinned down): 1,760 MiB kept it at 1,813,000 KiB (1.86 GB) in every
// run measured, for about 5% more time at 100,000.
const memoryLimit = 1760 << 20

// version is set at link time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	// The collector lets the heap grow by half again over what is live
	// (GOGC=150) until it nears memoryLimit, then runs more often: a site
	// of thousands of case studies builds fastest, one of a hundred
	// thousand keeps its peak memory down. At 10,000 studies GOGC=150
	// takes 0.3-0.5 CPU-seconds less than the default 100, for a peak of
	// about 390 MB instead of 320; 200 saves no more and peaks at 440 MB.
	// GOGC or GOMEMLIMIT in the environment still win.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(150)
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// usageError is a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// contentError means the site has errors, already printed: exit status 1.
type contentError struct{ error }

func exitCode(err error) int {
	var u usageError
	var c contentError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return 2
	case errors.As(err, &c):
		return 1
	}
	return 1
}

const usage = `usage: casebook <command> [flags]

commands:
  build     build the site into public/ (--src, --out, --drafts, --base-url)
  serve     build in memory and serve on 127.0.0.1:1313 (--src, --addr, --drafts)
  check     validate every file and internal link, writing nothing (--src, --strict, --format json)
  new       write content/case-studies/<slug>.md with every field explained: casebook new "Title"
  schema    print the JSON Schema of the front matter, for editors (--src adds the site's tags)
  version   print the version

Run 'casebook <command> -h' for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command"}
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		err = runBuild(ctx, rest, stdout, stderr)
	case "serve":
		err = runServe(ctx, rest, stdout, stderr)
	case "check":
		err = runCheck(ctx, rest, stdout, stderr)
	case "new":
		err = runNew(ctx, rest, stdout, stderr)
	case "schema":
		err = runSchema(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "casebook %s\n", version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "casebook: unknown command %q\n\n%s", cmd, usage)
		return usageError{"unknown command " + cmd}
	}
	var u usageError
	switch {
	case errors.As(err, &u):
		if u.msg != "" { // flag errors are printed by the flag package
			fmt.Fprintf(stderr, "casebook: %s\n", u.msg)
		}
	case err != nil && !errors.As(err, new(contentError)):
		fmt.Fprintf(stderr, "casebook: %v\n", err)
	}
	return err
}
