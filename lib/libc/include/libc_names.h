/*
 * libc_names: how Cairn's libc is tested on a host that has a C library
 * of its own.  Every public header includes this one first.  In Cairn it
 * does nothing.  When CAIRN_LIBC_HOST_TEST is defined (the host unit tests
 * define it for the libc sources and for the tests), it renames every
 * public name to one with the prefix cl_, so malloc is cl_malloc: the
 * libc under test and the host's, which the test framework uses, then
 * live side by side in one program, and the host compiler does not treat
 * the renamed functions as the builtins it knows.
 */
#ifndef CAIRN_LIBC_NAMES_H
#define CAIRN_LIBC_NAMES_H

#ifdef CAIRN_LIBC_HOST_TEST

/* string.h */
#define memcpy	 cl_memcpy
#define memmove	 cl_memmove
#define memset	 cl_memset
#define memcmp	 cl_memcmp
#define memchr	 cl_memchr
#define strlen	 cl_strlen
#define strnlen	 cl_strnlen
#define strcmp	 cl_strcmp
#define strncmp	 cl_strncmp
#define strcpy	 cl_strcpy
#define strncpy	 cl_strncpy
#define strcat	 cl_strcat
#define strncat	 cl_strncat
#define strchr	 cl_strchr
#define strrchr	 cl_strrchr
#define strstr	 cl_strstr
#define strspn	 cl_strspn
#define strcspn	 cl_strcspn
#define strpbrk	 cl_strpbrk
#define strtok_r cl_strtok_r
#define strdup	 cl_strdup
#define strndup	 cl_strndup
#define strerror cl_strerror

/* ctype.h */
#define isalnum	 cl_isalnum
#define isalpha	 cl_isalpha
#define isblank	 cl_isblank
#define iscntrl	 cl_iscntrl
#define isdigit	 cl_isdigit
#define isgraph	 cl_isgraph
#define islower	 cl_islower
#define isprint	 cl_isprint
#define ispunct	 cl_ispunct
#define isspace	 cl_isspace
#define isupper	 cl_isupper
#define isxdigit cl_isxdigit
#define tolower	 cl_tolower
#define toupper	 cl_toupper

/* stdlib.h */
#define malloc	 cl_malloc
#define free	 cl_free
#define realloc	 cl_realloc
#define calloc	 cl_calloc
#define strtol	 cl_strtol
#define strtoul	 cl_strtoul
#define strtoll	 cl_strtoll
#define strtoull cl_strtoull
#define atoi	 cl_atoi
#define atol	 cl_atol
#define abs	 cl_abs
#define labs	 cl_labs
#define llabs	 cl_llabs
#define qsort	 cl_qsort
#define bsearch	 cl_bsearch
#define exit	 cl_exit
#define abort	 cl_abort

/* stdio.h */
#define printf	  cl_printf
#define vprintf	  cl_vprintf
#define snprintf  cl_snprintf
#define vsnprintf cl_vsnprintf
#define sprintf	  cl_sprintf
#define vsprintf  cl_vsprintf
#define puts	  cl_puts
#define putchar	  cl_putchar
#define vcbprintf cl_vcbprintf

/* stdio.h's streams */
#define FILE	 cl_FILE
#define stdin	 cl_stdin
#define stdout	 cl_stdout
#define stderr	 cl_stderr
#define fopen	 cl_fopen
#define fclose	 cl_fclose
#define fread	 cl_fread
#define fwrite	 cl_fwrite
#define fgetc	 cl_fgetc
#define getc	 cl_getc
#define fputc	 cl_fputc
#define putc	 cl_putc
#define fgets	 cl_fgets
#define fputs	 cl_fputs
#define fprintf	 cl_fprintf
#define vfprintf cl_vfprintf
#define fseek	 cl_fseek
#define ftell	 cl_ftell
#define fflush	 cl_fflush
#define feof	 cl_feof
#define ferror	 cl_ferror
#define clearerr cl_clearerr
#define fileno	 cl_fileno
#define remove	 cl_remove

/* unistd.h, fcntl.h, sys/stat.h, dirent.h */
#define open	  cl_open
#define read	  cl_read
#define write	  cl_write
#define close	  cl_close
#define lseek	  cl_lseek
#define fsync	  cl_fsync
#define ftruncate cl_ftruncate
#define truncate  cl_truncate
#define stat	  cl_stat
#define lstat	  cl_lstat
#define fstat	  cl_fstat
#define mkdir	  cl_mkdir
#define rmdir	  cl_rmdir
#define unlink	  cl_unlink
#define rename	  cl_rename
#define link	  cl_link
#define symlink	  cl_symlink
#define readlink  cl_readlink
#define sync	  cl_sync
#define chdir	  cl_chdir
#define getcwd	  cl_getcwd
#define chmod	  cl_chmod
#define fchmod	  cl_fchmod
#define chown	  cl_chown
#define fchown	  cl_fchown
#define utimensat cl_utimensat
#define futimens  cl_futimens
#define timespec  cl_timespec
#define opendir	  cl_opendir
#define readdir	  cl_readdir
#define closedir  cl_closedir
#define dirent	  cl_dirent
#define DIR	  cl_DIR

/* sys/socket.h, netinet/in.h, arpa/inet.h, poll.h, fcntl */
#define socket	    cl_socket
#define bind	    cl_bind
#define listen	    cl_listen
#define accept	    cl_accept
#define connect	    cl_connect
#define send	    cl_send
#define recv	    cl_recv
#define sendto	    cl_sendto
#define recvfrom    cl_recvfrom
#define shutdown    cl_shutdown
#define setsockopt  cl_setsockopt
#define getsockopt  cl_getsockopt
#define getsockname cl_getsockname
#define getpeername cl_getpeername
#define htonl	    cl_htonl
#define htons	    cl_htons
#define ntohl	    cl_ntohl
#define ntohs	    cl_ntohs
#define inet_aton   cl_inet_aton
#define inet_addr   cl_inet_addr
#define inet_ntoa   cl_inet_ntoa
#define inet_ntop   cl_inet_ntop
#define inet_pton   cl_inet_pton
#define poll	    cl_poll
#define fcntl	    cl_fcntl

/* netdb.h */
#define addrinfo      cl_addrinfo
#define hostent	      cl_hostent
#define getaddrinfo   cl_getaddrinfo
#define freeaddrinfo  cl_freeaddrinfo
#define gai_strerror  cl_gai_strerror
#define gethostbyname cl_gethostbyname
#define h_errno	      cl_h_errno

/* errno.h */
#define errno cl_errno

#endif

#endif
