/* dabiao-test-ui.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-test-ui.h"

/* ---- naming a widget in a message ---------------------------------------- */

static char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *text = widget_text (child);

      if (text != NULL && text[0] != '\0')
        return text;
      g_free (text);
    }
  return NULL;
}

static char *
describe (GtkWidget *widget)
{
  g_autofree char *text = widget_text (widget);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  return g_strdup_printf ("%s%s%s%s%s“%s”", G_OBJECT_TYPE_NAME (widget),
                          id != NULL ? " #" : "", id != NULL ? id : "",
                          gtk_widget_get_name (widget)[0] != '\0' && !g_str_has_prefix (gtk_widget_get_name (widget), "Gtk") ? " " : "",
                          gtk_widget_get_name (widget)[0] != '\0' && !g_str_has_prefix (gtk_widget_get_name (widget), "Gtk") ? gtk_widget_get_name (widget) : "",
                          text != NULL ? text : "");
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_child_visible (widget)
         && gtk_widget_get_opacity (widget) > 0.01;
}

/* Containers whose children are meant to be larger than they are (they
 * scroll), or that animate children in and out. */
static gboolean
lets_children_overflow (GtkWidget *widget)
{
  return GTK_IS_VIEWPORT (widget) || GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_LIST_VIEW (widget)
         || GTK_IS_COLUMN_VIEW (widget) || GTK_IS_GRID_VIEW (widget) || GTK_IS_TEXT_VIEW (widget)
         || GTK_IS_REVEALER (widget) || GTK_IS_POPOVER (widget)
         || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnListView")
         || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget")
         || g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewRowWidget");
}

/* ---- clipping ------------------------------------------------------------- */

static void
check_inside (GtkWidget *widget,
              const char *what,
              GPtrArray *problems)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t r;

      if (!is_shown (child) || GTK_IS_NATIVE (child))
        continue;
      /* Gizmos are a widget's own drawing (indicator dots, arrows), placed
       * by it on purpose, sometimes past its edge. */
      if (!lets_children_overflow (widget) && !g_str_has_suffix (G_OBJECT_TYPE_NAME (child), "Gizmo") && gtk_widget_compute_bounds (child, widget, &r))
        {
          int pw = gtk_widget_get_width (widget);
          int ph = gtk_widget_get_height (widget);

          /* Up to 2 px out is style (a header bar's -1 px margins), not clipping. */
          if (r.origin.x < -2.5 || r.origin.y < -2.5 || r.origin.x + r.size.width > pw + 2.5
              || r.origin.y + r.size.height > ph + 2.5)
            {
              g_autofree char *c = describe (child);
              g_autofree char *p = describe (widget);

              g_ptr_array_add (problems,
                               g_strdup_printf ("%s: %s (%.0f,%.0f %.0f×%.0f) is clipped by %s (%d×%d)",
                                                what, c, r.origin.x, r.origin.y, r.size.width, r.size.height,
                                                p, pw, ph));
              continue;   /* one problem per branch */
            }
        }
      check_inside (child, what, problems);
    }
}

/* ---- overlapping text ----------------------------------------------------- */

typedef struct
{
  GtkWidget       *label;
  graphene_rect_t  text;  /* in @root's coordinates, clipped to what shows */
} TextBox;

/* Where the label's text is drawn, clipped by the label and by every
 * scrolling ancestor (text scrolled out of view overlaps nothing). */
static gboolean
text_box (GtkWidget       *label,
          GtkWidget       *root,
          graphene_rect_t *out)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  PangoRectangle ink, logical;
  int x, y;
  graphene_rect_t local, clip;

  if (layout == NULL || gtk_label_get_text (GTK_LABEL (label))[0] == '\0')
    return FALSE;
  gtk_label_get_layout_offsets (GTK_LABEL (label), &x, &y);
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  if (ink.width <= 0 || ink.height <= 0)
    return FALSE;
  local = GRAPHENE_RECT_INIT (x + ink.x, y + ink.y, ink.width, ink.height);
  graphene_rect_intersection (&local,
                              &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (label), gtk_widget_get_height (label)),
                              &local);
  if (local.size.width <= 0 || local.size.height <= 0)
    return FALSE;
  {
    graphene_point_t a, b;

    if (!gtk_widget_compute_point (label, root, &GRAPHENE_POINT_INIT (local.origin.x, local.origin.y), &a)
        || !gtk_widget_compute_point (label, root, &GRAPHENE_POINT_INIT (local.origin.x + local.size.width,
                                                                          local.origin.y + local.size.height), &b))
      return FALSE;
    *out = GRAPHENE_RECT_INIT (a.x, a.y, b.x - a.x, b.y - a.y);
  }
  for (GtkWidget *w = gtk_widget_get_parent (label); w != NULL && w != root; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w) || GTK_IS_VIEWPORT (w))
      {
        if (!gtk_widget_compute_bounds (w, root, &clip) || !graphene_rect_intersection (out, &clip, out))
          return FALSE;
      }
  return out->size.width > 0.5 && out->size.height > 0.5;
}

static void
collect_text (GtkWidget *widget,
              GtkWidget *root,
              GArray    *boxes)
{
  if (!is_shown (widget) || (widget != root && GTK_IS_NATIVE (widget)))
    return;
  if (GTK_IS_LABEL (widget))
    {
      TextBox box = { widget };

      if (text_box (widget, root, &box.text))
        g_array_append_val (boxes, box);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, root, boxes);
}

static void
check_overlaps (GtkWidget  *root,
                const char *what,
                GPtrArray  *problems)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (TextBox));

  collect_text (root, root, boxes);
  for (guint i = 0; i < boxes->len; i++)
    for (guint k = i + 1; k < boxes->len; k++)
      {
        TextBox *a = &g_array_index (boxes, TextBox, i);
        TextBox *b = &g_array_index (boxes, TextBox, k);
        graphene_rect_t both;

        /* A pixel of touching anti-aliasing is no overlap. */
        if (graphene_rect_intersection (&a->text, &b->text, &both) && both.size.width > 1.5 && both.size.height > 1.5)
          {
            g_autofree char *da = describe (a->label);
            g_autofree char *db = describe (b->label);

            g_ptr_array_add (problems, g_strdup_printf ("%s: the text of %s overlaps %s (%.0f×%.0f px)",
                                                        what, da, db, both.size.width, both.size.height));
          }
      }
}

/* The chain of the widgets with the largest minimum size: "AdwHeaderBar 944
 * > GtkBox 900 > …", to say what keeps the window wide (or tall). */
static void
too_big (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             size,
         GString        *path)
{
  GtkWidget *widest = NULL;
  int widest_min = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0;

      /* Hidden pages of a stack count too (stacks are homogeneous). */
      if (GTK_IS_NATIVE (child))
        continue;
      gtk_widget_measure (child, orientation,
                          orientation == GTK_ORIENTATION_VERTICAL ? gtk_widget_get_width (widget) : -1,
                          &min, NULL, NULL, NULL);
      if (min > widest_min)
        {
          widest_min = min;
          widest = child;
        }
    }
  if (widest == NULL || widest_min <= size / 4)
    return;
  {
    g_autofree char *d = describe (widest);

    g_string_append_printf (path, " > %s %d", d, widest_min);
  }
  too_big (widest, orientation, size, path);
}

void
dabiao_test_check_layout (GtkWidget  *root,
                          const char *what,
                          int         width,
                          int         height,
                          GPtrArray  *problems)
{
  if (width > 0 && gtk_widget_get_width (root) > width)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      too_big (root, GTK_ORIENTATION_HORIZONTAL, width, path);
      g_ptr_array_add (problems, g_strdup_printf ("%s: needs %d px of width, more than %d:%s",
                                                  what, gtk_widget_get_width (root), width, path->str));
    }
  if (height > 0 && gtk_widget_get_height (root) > height)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      too_big (root, GTK_ORIENTATION_VERTICAL, height, path);
      g_ptr_array_add (problems, g_strdup_printf ("%s: needs %d px of height, more than %d:%s",
                                                  what, gtk_widget_get_height (root), height, path->str));
    }
  check_inside (root, what, problems);
  check_overlaps (root, what, problems);
}

/* ---- language ------------------------------------------------------------- */

/* Latin words kept on purpose in the Chinese UI: key names on the station's
 * keys and in the shortcuts, units and file types people type, and names
 * of formats and standards. */
static const char * const kept_words[] = {
  "Enter", "Esc", "PgDn", "PgUp", "Ctrl", "Shift", "Alt", "Tab", "Space", "Backspace", "Delete",
  "BMI", "xlsx", "xls", "csv", "pdf", "PDF", "CSV", "Excel", "Word", "PowerPoint", "OpenDocument",
  "docx", "pptx", "ods", "odt", "LibreOffice", "USB", "COM", "ttyS", "ttyUSB", "ttyACM", "dev",
  "Modbus", "RS", "QR", "GB", "ISO", "UTF", "sim", "dabiao", "Dabiao", "fd", "GTK", "GNU", "GPL",
  "Xvfb", "pinyin",
  NULL
};

static GHashTable *
msgids (void)
{
  static GHashTable *ids;

  if (ids == NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "po", "zh_CN.po", NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "msgid \"") && lines[i][7] != '"')
          {
            g_autofree char *quoted = g_strndup (lines[i] + 7, strlen (lines[i]) - 8);
            char *text = g_strcompress (quoted);
            char *underscore;

            /* Mnemonics as shown: "_Cancel" reads "Cancel". */
            while ((underscore = strchr (text, '_')) != NULL)
              memmove (underscore, underscore + 1, strlen (underscore));
            g_hash_table_add (ids, text);
          }
    }
  return ids;
}

static void
check_text (const char *text,
            const char *kind,
            GtkWidget  *widget,
            const char *what,
            GPtrArray  *problems)
{
  g_autoptr(GRegex) path = g_regex_new ("(/|~/)[^\\s，。；：）)]*", 0, 0, NULL);
  g_autoptr(GRegex) word = g_regex_new ("[A-Za-z]{3,}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *plain = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  if (g_utf8_strlen (text, -1) > 1 && g_hash_table_contains (msgids (), text))
    {
      g_autofree char *d = describe (widget);

      g_ptr_array_add (problems, g_strdup_printf ("%s: %s of %s is an untranslated msgid: “%s”", what, kind, d, text));
      return;
    }
  /* File paths and ports are the person's data, not the UI's words. */
  plain = g_regex_replace_literal (path, text, -1, 0, " ", 0, NULL);
  g_regex_match (word, plain, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *w = g_match_info_fetch (match, 0);

      if (!g_strv_contains (kept_words, w))
        {
          g_autofree char *d = describe (widget);

          g_ptr_array_add (problems, g_strdup_printf ("%s: English “%s” in the %s of %s: “%s”", what, w, kind, d, text));
          return;
        }
      g_match_info_next (match, NULL);
    }
}

static void
check_chinese_in (GtkWidget  *widget,
                  const char *what,
                  GPtrArray  *problems)
{
  /* The person's own data (computer and login names …) is left as it is:
   * a widget says so with the CSS class "user-data". */
  if (!is_shown (widget) || gtk_widget_has_css_class (widget, "user-data"))
    return;
  /* Key caps (Page Down, N) are drawn by GTK from the accelerator. */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_text (gtk_label_get_text (GTK_LABEL (widget)), "text", widget, what, problems);
  if (GTK_IS_INSCRIPTION (widget))
    check_text (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), "text", widget, what, problems);
  if (GTK_IS_ENTRY (widget))
    check_text (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), "placeholder", widget, what, problems);
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      check_text (placeholder, "placeholder", widget, what, problems);
    }
  if (GTK_IS_TEXT (widget))
    check_text (gtk_text_get_placeholder_text (GTK_TEXT (widget)), "placeholder", widget, what, problems);
  /* A text view's lines (the instrument console of 首选项 → 仪器), without
   * the bytes an instrument sent, shown as they came: «…» and |…|. */
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      g_autoptr(GRegex) raw = g_regex_new ("«[^»]*»|\\|[^|]*\\|", 0, 0, NULL);
      g_autofree char *all = NULL;
      g_auto(GStrv) lines = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      all = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      lines = g_strsplit (all, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = g_regex_replace_literal (raw, lines[i], -1, 0, " ", 0, NULL);

          check_text (line, "text", widget, what, problems);
        }
    }
  check_text (gtk_widget_get_tooltip_text (widget), "tooltip", widget, what, problems);
  if (GTK_IS_WINDOW (widget))
    check_text (gtk_window_get_title (GTK_WINDOW (widget)), "title", widget, what, problems);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_chinese_in (child, what, problems);
}

void
dabiao_test_check_chinese (GtkWidget  *root,
                           const char *what,
                           GPtrArray  *problems)
{
  check_chinese_in (root, what, problems);
}

static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *keys)
{
  if (!is_shown (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      GPtrArray *labels = g_hash_table_lookup (keys, GUINT_TO_POINTER (key));

      if (labels == NULL)
        g_hash_table_insert (keys, GUINT_TO_POINTER (key), labels = g_ptr_array_new ());
      g_ptr_array_add (labels, widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, keys);
}

void
dabiao_test_check_mnemonics (GtkWidget  *root,
                             const char *what,
                             GPtrArray  *problems)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  collect_mnemonics (root, keys);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *labels = value;
      g_autoptr(GString) text = NULL;

      if (labels->len < 2)
        continue;
      text = g_string_new (NULL);
      for (guint i = 0; i < labels->len; i++)
        g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "",
                                gtk_label_get_label (GTK_LABEL (g_ptr_array_index (labels, i))));
      g_ptr_array_add (problems, g_strdup_printf ("%s: Alt+%s is the mnemonic of %s", what,
                                                  gdk_keyval_name (GPOINTER_TO_UINT (key)), text->str));
    }
}

void
dabiao_test_assert_no_problems (GPtrArray *problems)
{
  g_autoptr(GString) all = g_string_new (NULL);

  if (problems->len == 0)
    return;
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (all, "\n  %s", (const char *) g_ptr_array_index (problems, i));
  g_error ("%u problem(s):%s", problems->len, all->str);
}

gboolean
dabiao_test_in_sight (GtkWidget *widget,
                      GtkWidget *window)
{
  graphene_rect_t bounds, view;
  gboolean inside = gtk_widget_is_visible (widget) && gtk_widget_get_mapped (widget)
                    && gtk_widget_compute_bounds (widget, window, &bounds)
                    && gtk_widget_compute_bounds (window, window, &view)
                    && graphene_rect_contains_rect (&view, &bounds);

  for (GtkWidget *up = gtk_widget_get_parent (widget); inside && up != NULL; up = gtk_widget_get_parent (up))
    if (GTK_IS_SCROLLED_WINDOW (up))
      inside = gtk_widget_compute_bounds (widget, up, &bounds)
               && gtk_widget_compute_bounds (up, up, &view)
               && graphene_rect_contains_rect (&view, &bounds);
  return inside;
}
