#ifndef CREADLINE_SHIM_H
#define CREADLINE_SHIM_H

/* The one seam between Swift and GNU readline. Readline's state is a set of C
   globals; Swift touches them only through these creadline_* accessors. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

/* We handle SIGINT/SIGWINCH/SIGTERM ourselves (self-pipe + poll). */
static inline void creadline_set_catch_signals(int on) {
    rl_catch_signals = on;
    rl_catch_sigwinch = on;
}

static inline void creadline_set_name(const char *name) { rl_readline_name = name; }

static inline void creadline_set_completion(char **(*function)(const char *, int, int)) {
    rl_attempted_completion_function = function;
}

/* Never fall back to file-name completion. */
static inline void creadline_completion_over(void) { rl_attempted_completion_over = 1; }

static inline void creadline_set_completion_append_character(int c) { rl_completion_append_character = c; }

static inline const char *creadline_line_buffer(void) { return rl_line_buffer; }

static inline int creadline_point(void) { return rl_point; }

static inline void creadline_install(const char *prompt, void (*handler)(char *)) {
    rl_callback_handler_install(prompt, handler);
}

static inline void creadline_remove(void) { rl_callback_handler_remove(); }

static inline void creadline_read_char(void) { rl_callback_read_char(); }

/* Abandons the line being edited after Ctrl-C and restores the terminal. */
static inline void creadline_cancel_line(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    rl_callback_handler_remove();
}

static inline void creadline_resize(void) { rl_resize_terminal(); }

static inline void creadline_screen_size(int *rows, int *cols) { rl_get_screen_size(rows, cols); }

static inline void creadline_add_history(const char *line) { add_history(line); }

static inline int creadline_read_history(const char *path) { return read_history(path); }

static inline int creadline_append_history(int count, const char *path) { return append_history(count, path); }

static inline int creadline_write_history(const char *path) { return write_history(path); }

static inline int creadline_truncate_history(const char *path, int lines) { return history_truncate_file(path, lines); }

static inline void creadline_stifle_history(int max) { stifle_history(max); }

/* Answer prompts get an empty history of their own, so Up never shows the
   commands (or the previous trainee's answers) while a question is open. */
static inline HISTORY_STATE *creadline_detach_history(void) {
    HISTORY_STATE *saved = history_get_history_state();
    HISTORY_STATE empty;
    memset(&empty, 0, sizeof empty);
    history_set_history_state(&empty);
    return saved;
}

static inline void creadline_restore_history(HISTORY_STATE *saved) {
    if (saved == NULL) return;
    history_set_history_state(saved);
    free(saved);
}

static inline char *creadline_strdup(const char *s) { return strdup(s); }

#endif
