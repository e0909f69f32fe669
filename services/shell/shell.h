/* shell: the console's command shell. */
#ifndef CAIRN_SHELL_H
#define CAIRN_SHELL_H

#include <stdio.h>

#include <stdbool.h>

#include "procrt.h"

#define LINE_MAX 200
#define PROMPT	 "cairn> "

/* A command: its name, its arguments and help for `help`, and what runs
 * it (its status: 0 done, 1 refused or failed, with a line saying why). */
struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);
};

/* The file commands and echo (cmd_fs.c); the last has a NULL name. */
extern const struct command fs_commands[];
/* lspci (cmd_pci.c); the same. */
extern const struct command pci_commands[];
/* ifconfig, ping, netstat (cmd_net.c), fetch (cmd_fetch.c); the same. */
extern const struct command net_commands[];
int cmd_fetch(int argc, char **argv);
/* The net service there and the interface with an address (waiting a
 * while for both just after boot): 0, or -1 after saying why. */
int net_ready(const char *cmd);

/*
 * For the file commands (cmd_fs.c, cmd_mount.c).  fs_fail prints
 * "cmd: path: strerror(errno)", as coreutils does, and returns 1;
 * fs_mode_string writes a mode as ls -l shows it ("drwxr-xr-x").
 */
int fs_fail(const char *cmd, const char *path);
void fs_mode_string(unsigned mode, char out[11]);

/* Commands of cmd_mount.c, in fs_commands: argc words at argv; 0 done,
 * 1 failed (a line says why). */
int cmd_df(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_stat(int argc, char **argv);

/*
 * Start the program whose file is at the path argv[0] (cmd_exec.c), with
 * argc arguments: as cairn_spawn, the pid, or minus a status with the
 * reason in why.
 */
long run_file(int argc, char **argv, word_t flags, char *why, size_t whylen);

/*
 * cmd_linux.c: is the file at path an ELF file without a Cairn manifest
 * (a Linux program)?  Run one through the posix service and wait for it
 * (argv[0] its path): 0, or 1 with a line saying why not.
 */
bool is_linux_program(const char *path);
int run_linux(int argc, char **argv);
/* sh (cmd_linux.c); the last has a NULL name. */
extern const struct command linux_commands[];

/* A CAIRN_E_* status in words (main.c). */
const char *error_name(long st);

/* Read a line with editing into line (LINE_MAX + 1 bytes): its length,
 * or -1 if the console failed. */
int edit_line(const char *prompt, char *line);

#endif
