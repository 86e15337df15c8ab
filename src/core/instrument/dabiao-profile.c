/* dabiao-profile.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dabiao-error.h"
#include "dabiao-parser.h"
#include "dabiao-id-card.h"
#include "dabiao-profile-private.h"

#define PROFILE_RESOURCE_DIR RESOURCE_BASE "/instruments"

void dabiao_instruments_register_resource (void);

/* Also used by dabiao-reading.c (the item catalogue). */
void
_dabiao_instruments_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      dabiao_instruments_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

G_DEFINE_BOXED_TYPE (DabiaoProfile, dabiao_profile, dabiao_profile_ref, dabiao_profile_unref)

static const char *family_names[] = { "line", "weighing", "sics", "stx", "rs485", "modbus", "sam" };
static const char *binding_names[] = { "screen", "device", "host" };

DabiaoProfile *
dabiao_profile_ref (DabiaoProfile *profile)
{
  g_atomic_ref_count_inc (&profile->ref_count);
  return profile;
}

static void
value_spec_clear (gpointer data)
{
  DabiaoValueSpec *spec = data;

  g_free (spec->item);
  g_free (spec->unit);
}

void
dabiao_profile_unref (DabiaoProfile *profile)
{
  if (!g_atomic_ref_count_dec (&profile->ref_count))
    return;
  g_free (profile->name);
  g_free (profile->title);
  g_free (profile->description);
  g_free (profile->source);
  g_free (profile->item);
  g_free (profile->unit);
  g_strfreev (profile->items);
  g_clear_pointer (&profile->request, g_bytes_unref);
  g_clear_pointer (&profile->ack, g_bytes_unref);
  g_free (profile->subject_command);
  g_free (profile->subject_ack);
  g_free (profile->resend_command);
  g_free (profile->sim_template);
  g_clear_pointer (&profile->regex, g_regex_unref);
  g_free (profile->separator);
  g_free (profile->prefix);
  g_clear_pointer (&profile->values, g_array_unref);
  g_strfreev (profile->stable_status);
  g_strfreev (profile->busy_status);
  g_clear_pointer (&profile->ignore, g_regex_unref);
  g_free (profile);
}

/* Loading ---------------------------------------------------------------- */

typedef struct
{
  const char *source;
  GError    **error;
} Ctx;

static gboolean
fail (Ctx        *ctx,
      const char *member,
      const char *expected)
{
  /* Translators: "FILE: MEMBER: what was expected" */
  g_set_error (ctx->error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
               _("%s: “%s”: %s"), ctx->source, member, expected);
  return FALSE;
}

static gboolean
check_members (Ctx               *ctx,
               JsonObject        *object,
               const char        *where,
               const char *const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *path = where ? g_strdup_printf ("%s.%s", where, (char *) l->data) : g_strdup (l->data);
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);
          g_autofree char *msg = g_strdup_printf (_("unknown setting; expected one of: %s"), list);

          return fail (ctx, path, msg);
        }
    }
  return TRUE;
}

static gboolean
get_string (Ctx         *ctx,
            JsonObject  *object,
            const char  *member,
            gboolean     required,
            char       **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (ctx, member, _("missing; a text value is required"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (ctx, member, _("expected a text value in double quotes"));
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_int (Ctx        *ctx,
         JsonObject *object,
         const char *member,
         int         min,
         int         max,
         int        *out)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_autofree char *msg = g_strdup_printf (_("expected a whole number from %d to %d"), min, max);
      return fail (ctx, member, msg);
    }
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_autofree char *msg = g_strdup_printf (_("expected a whole number from %d to %d"), min, max);
      return fail (ctx, member, msg);
    }
  *out = (int) v;
  return TRUE;
}

static gboolean
get_double (Ctx        *ctx,
            JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return fail (ctx, member, _("expected a number"));
  *out = json_node_get_double (node);
  if (*out == 0)
    return fail (ctx, member, _("expected a number other than 0"));
  return TRUE;
}

static gboolean
get_bool (Ctx        *ctx,
          JsonObject *object,
          const char *member,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (ctx, member, _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_enum (Ctx               *ctx,
          JsonObject        *object,
          const char        *member,
          const char *const *names,
          gsize              n_names,
          int               *out)
{
  g_autofree char *s = NULL;

  if (!get_string (ctx, object, member, FALSE, &s))
    return FALSE;
  if (s == NULL)
    return TRUE;
  for (gsize i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (s, names[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }

  {
    GString *list = g_string_new (NULL);
    g_autofree char *msg = NULL;

    for (gsize i = 0; i < n_names; i++)
      g_string_append_printf (list, "%s%s", i ? ", " : "", names[i]);
    msg = g_strdup_printf (_("“%s” is not one of: %s"), s, list->str);
    g_string_free (list, TRUE);
    return fail (ctx, member, msg);
  }
}

static gboolean
get_strv (Ctx          *ctx,
          JsonObject   *object,
          const char   *member,
          char       ***out)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  GPtrArray *strv;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, member, _("expected a list of texts, like [\"ST\"]"));
  array = json_node_get_array (node);
  strv = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_ptr_array_free (strv, TRUE);
          return fail (ctx, member, _("expected a list of texts, like [\"ST\"]"));
        }
      g_ptr_array_add (strv, g_strdup (json_node_get_string (e)));
    }
  g_ptr_array_add (strv, NULL);
  g_strfreev (*out);
  *out = (char **) g_ptr_array_free (strv, FALSE);
  return TRUE;
}

static gboolean
get_regex (Ctx         *ctx,
           JsonObject  *object,
           const char  *member,
           GRegex     **out)
{
  g_autofree char *pattern = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!get_string (ctx, object, member, FALSE, &pattern))
    return FALSE;
  if (pattern == NULL)
    return TRUE;
  *out = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (*out == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("not a valid regular expression: %s"), local_error->message);
      return fail (ctx, member, msg);
    }
  return TRUE;
}

static gboolean
check_item (Ctx        *ctx,
            const char *member,
            const char *item)
{
  if (item != NULL && dabiao_item_lookup (item) == NULL)
    {
      GString *list = g_string_new (NULL);
      gsize n;
      const DabiaoItemInfo *all = dabiao_item_all (&n);
      g_autofree char *msg = NULL;

      for (gsize i = 0; i < n; i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "", all[i].code);
      msg = g_strdup_printf (_("unknown item “%s”; expected one of: %s"), item, list->str);
      g_string_free (list, TRUE);
      return fail (ctx, member, msg);
    }
  return TRUE;
}

static gboolean
check_unit (Ctx        *ctx,
            const char *member,
            const char *unit,
            const char *item)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (item);
  double dummy;

  if (unit == NULL || info == NULL)
    return TRUE;
  if (!dabiao_unit_convert (1.0, unit, info->unit, &dummy))
    {
      g_autofree char *msg = g_strdup_printf (_("unit “%s” cannot be converted to %s, the unit of %s"),
                                              unit, info->unit[0] ? info->unit : "—", item);
      return fail (ctx, member, msg);
    }
  return TRUE;
}

static GBytes *
string_bytes (const char *s)
{
  if (s == NULL || s[0] == '\0')
    return NULL;
  return g_bytes_new (s, strlen (s));
}

static gboolean
load_record (Ctx           *ctx,
             DabiaoProfile *profile,
             JsonObject    *record)
{
  static const char *const allowed[] = {
    "regex", "separator", "prefix", "values", "unit_field", "status_field",
    "participant_field", "sequence_field", "time_field", "stable_status",
    "busy_status", "ignore", NULL
  };
  JsonNode *values;

  if (!check_members (ctx, record, "record", allowed) ||
      !get_regex (ctx, record, "regex", &profile->regex) ||
      !get_string (ctx, record, "separator", FALSE, &profile->separator) ||
      !get_string (ctx, record, "prefix", FALSE, &profile->prefix) ||
      !get_int (ctx, record, "unit_field", 0, 255, &profile->unit_field) ||
      !get_int (ctx, record, "status_field", 0, 255, &profile->status_field) ||
      !get_int (ctx, record, "participant_field", 0, 255, &profile->participant_field) ||
      !get_int (ctx, record, "sequence_field", 0, 255, &profile->sequence_field) ||
      !get_int (ctx, record, "time_field", 0, 255, &profile->time_field) ||
      !get_strv (ctx, record, "stable_status", &profile->stable_status) ||
      !get_strv (ctx, record, "busy_status", &profile->busy_status) ||
      !get_regex (ctx, record, "ignore", &profile->ignore))
    return FALSE;

  if (profile->regex && profile->separator)
    return fail (ctx, "record", _("give either “regex” or “separator”, not both"));
  if (profile->separator && profile->separator[0] == '\0')
    return fail (ctx, "record.separator", _("expected at least one character"));

  if (profile->regex)
    {
      if (g_regex_get_string_number (profile->regex, "value") < 0)
        return fail (ctx, "record.regex", _("the expression needs a group named value: (?<value>…)"));
      return TRUE;
    }

  values = json_object_get_member (record, "values");
  if (profile->separator == NULL)
    return fail (ctx, "record", _("give a “regex” with a (?<value>…) group, or a “separator” and “values”"));
  if (values == NULL || !JSON_NODE_HOLDS_ARRAY (values) ||
      json_array_get_length (json_node_get_array (values)) == 0)
    return fail (ctx, "record.values", _("expected a list like [{\"field\": 2, \"item\": \"weight\", \"unit\": \"kg\"}]"));

  for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
    {
      static const char *const allowed_v[] = { "field", "item", "unit", "scale", NULL };
      JsonNode *e = json_array_get_element (json_node_get_array (values), i);
      DabiaoValueSpec spec = { NULL, NULL, -1, 1.0 };
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return fail (ctx, "record.values", _("expected a list like [{\"field\": 2, \"item\": \"weight\", \"unit\": \"kg\"}]"));
      o = json_node_get_object (e);
      if (!check_members (ctx, o, "record.values", allowed_v) ||
          !get_int (ctx, o, "field", 0, 255, &spec.field) ||
          !get_string (ctx, o, "item", FALSE, &spec.item) ||
          !get_string (ctx, o, "unit", FALSE, &spec.unit) ||
          !get_double (ctx, o, "scale", &spec.scale) ||
          !check_item (ctx, "record.values.item", spec.item) ||
          !check_unit (ctx, "record.values.unit", spec.unit, spec.item ? spec.item : profile->item))
        {
          value_spec_clear (&spec);
          return FALSE;
        }
      if (spec.field < 0)
        {
          value_spec_clear (&spec);
          return fail (ctx, "record.values.field", _("missing; the 0-based number of the field"));
        }
      g_array_append_val (profile->values, spec);
    }
  return TRUE;
}

static gboolean
load_bus (Ctx           *ctx,
          DabiaoProfile *profile,
          JsonObject    *bus)
{
  static const char *const allowed[] = {
    "address", "data_length", "encoding", "unconfirmed", "scale", "unit",
    "start_register", "register_count", "value_register", "value_words",
    "status_register", "stable_value", "sequence_register", NULL
  };
  static const char *encodings[] = { "unsigned", "signed", "bcd" };
  int encoding = profile->encoding;
  int max_reg;

  if (!check_members (ctx, bus, "bus", allowed) ||
      !get_int (ctx, bus, "address", 0, 247, &profile->address) ||
      !get_int (ctx, bus, "data_length", 1, 4, &profile->data_length) ||
      !get_enum (ctx, bus, "encoding", encodings, G_N_ELEMENTS (encodings), &encoding) ||
      !get_int (ctx, bus, "unconfirmed", -1, 0xFFFF, &profile->unconfirmed) ||
      !get_double (ctx, bus, "scale", &profile->scale) ||
      !get_string (ctx, bus, "unit", FALSE, &profile->unit) ||
      !get_int (ctx, bus, "start_register", 0, 0xFFFF, &profile->reg_start) ||
      !get_int (ctx, bus, "register_count", 1, 125, &profile->reg_count) ||
      !get_int (ctx, bus, "value_register", 0, 0xFFFF, &profile->value_register) ||
      !get_int (ctx, bus, "value_words", 1, 2, &profile->value_words) ||
      !get_int (ctx, bus, "status_register", -1, 0xFFFF, &profile->status_register) ||
      !get_int (ctx, bus, "stable_value", 0, 0xFFFF, &profile->stable_value) ||
      !get_int (ctx, bus, "sequence_register", -1, 0xFFFF, &profile->sequence_register))
    return FALSE;
  profile->encoding = encoding;

  if (profile->family == DABIAO_FAMILY_MODBUS)
    {
      max_reg = profile->reg_start + profile->reg_count;
      if (profile->value_register < profile->reg_start ||
          profile->value_register + profile->value_words > max_reg)
        return fail (ctx, "bus.value_register", _("must lie within start_register … start_register + register_count − 1"));
      if (profile->status_register >= 0 &&
          (profile->status_register < profile->reg_start || profile->status_register >= max_reg))
        return fail (ctx, "bus.status_register", _("must lie within start_register … start_register + register_count − 1"));
      if (profile->sequence_register >= 0 &&
          (profile->sequence_register < profile->reg_start || profile->sequence_register >= max_reg))
        return fail (ctx, "bus.sequence_register", _("must lie within start_register … start_register + register_count − 1"));
    }
  return TRUE;
}

static DabiaoProfile *
profile_new (const char *source_name)
{
  DabiaoProfile *profile = g_new0 (DabiaoProfile, 1);

  g_atomic_ref_count_init (&profile->ref_count);
  profile->source = g_strdup (source_name);
  profile->serial = (DabiaoSerialSettings) { 9600, 8, DABIAO_PARITY_NONE, 1, DABIAO_FLOW_NONE };
  profile->decimals = -1;
  profile->stable_count = 1;
  profile->values = g_array_new (FALSE, TRUE, sizeof (DabiaoValueSpec));
  g_array_set_clear_func (profile->values, value_spec_clear);
  profile->unit_field = profile->status_field = profile->participant_field = -1;
  profile->sequence_field = profile->time_field = -1;
  profile->address = 1;
  profile->data_length = 1;
  profile->unconfirmed = -1;
  profile->scale = 1.0;
  profile->reg_count = 1;
  profile->value_words = 1;
  profile->status_register = -1;
  profile->stable_value = 1;
  profile->sequence_register = -1;
  return profile;
}

/* The top-level members: name, family, item, binding, timing, commands. */
static gboolean
load_top (Ctx           *ctx,
          DabiaoProfile *profile,
          JsonObject    *root)
{
  static const char *const allowed[] = {
    "name", "title", "description", "family", "item", "unit", "decimals",
    "binding", "serial", "request", "ack", "poll_interval_ms", "timeout_ms",
    "retries", "subject_command", "subject_ack", "resend_command", "stability",
    "record", "frame", "bus", "sim_template", NULL
  };
  g_autofree char *request = NULL;
  g_autofree char *ack = NULL;
  int family = 0, binding = 0;
  int poll = 0, timeout = 1000, retries = 10;

  if (!check_members (ctx, root, NULL, allowed) ||
      !get_string (ctx, root, "name", TRUE, &profile->name) ||
      !get_string (ctx, root, "title", FALSE, &profile->title) ||
      !get_string (ctx, root, "description", FALSE, &profile->description) ||
      !get_enum (ctx, root, "family", family_names, G_N_ELEMENTS (family_names), &family) ||
      !get_string (ctx, root, "item", FALSE, &profile->item) ||
      !get_string (ctx, root, "unit", FALSE, &profile->unit) ||
      !get_int (ctx, root, "decimals", 0, 6, &profile->decimals) ||
      !get_enum (ctx, root, "binding", binding_names, G_N_ELEMENTS (binding_names), &binding) ||
      !get_string (ctx, root, "request", FALSE, &request) ||
      !get_string (ctx, root, "ack", FALSE, &ack) ||
      !get_int (ctx, root, "poll_interval_ms", 0, 60000, &poll) ||
      !get_int (ctx, root, "timeout_ms", 10, 60000, &timeout) ||
      !get_int (ctx, root, "retries", 0, 100, &retries) ||
      !get_string (ctx, root, "subject_command", FALSE, &profile->subject_command) ||
      !get_string (ctx, root, "subject_ack", FALSE, &profile->subject_ack) ||
      !get_string (ctx, root, "resend_command", FALSE, &profile->resend_command) ||
      !get_string (ctx, root, "sim_template", FALSE, &profile->sim_template) ||
      !check_item (ctx, "item", profile->item))
    return FALSE;

  if (json_object_get_member (root, "family") == NULL)
    return fail (ctx, "family", _("missing; one of line, weighing, sics, stx, rs485, modbus, sam"));
  if (!g_regex_match_simple ("^[a-z0-9][a-z0-9._-]*$", profile->name, 0, 0))
    return fail (ctx, "name", _("use lower-case letters, digits, “-”, “_” and “.” only"));
  profile->family = family;
  profile->binding = binding;
  profile->poll_interval_ms = poll;
  profile->timeout_ms = timeout;
  profile->retries = retries;
  profile->request = string_bytes (request);
  profile->ack = string_bytes (ack);

  if (profile->subject_command && strstr (profile->subject_command, "{participant}") == NULL)
    return fail (ctx, "subject_command", _("must contain {participant} where the id goes"));
  if (profile->resend_command && strstr (profile->resend_command, "{sequence}") == NULL)
    return fail (ctx, "resend_command", _("must contain {sequence} where the record number goes"));
  if (profile->binding == DABIAO_BINDING_HOST && profile->subject_command == NULL)
    return fail (ctx, "subject_command", _("required when binding is “host”"));
  return TRUE;
}

/* "serial": the port's settings (optional). */
static gboolean
load_serial (Ctx           *ctx,
             DabiaoProfile *profile,
             JsonNode      *node)
{
  static const char *const allowed_s[] = { "baud", "data_bits", "parity", "stop_bits", "flow_control", NULL };
  static const char *parities[] = { "none", "odd", "even" };
  static const char *flows[] = { "none", "xonxoff", "rtscts" };
  int parity = 0, flow = 0;
  JsonObject *serial;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, "serial", _("expected an object like {\"baud\": 9600}"));
  serial = json_node_get_object (node);
  if (!check_members (ctx, serial, "serial", allowed_s) ||
      !get_int (ctx, serial, "baud", 1200, 115200, &profile->serial.baud) ||
      !get_int (ctx, serial, "data_bits", 5, 8, &profile->serial.data_bits) ||
      !get_enum (ctx, serial, "parity", parities, G_N_ELEMENTS (parities), &parity) ||
      !get_int (ctx, serial, "stop_bits", 1, 2, &profile->serial.stop_bits) ||
      !get_enum (ctx, serial, "flow_control", flows, G_N_ELEMENTS (flows), &flow))
    return FALSE;
  profile->serial.parity = parity;
  profile->serial.flow_control = flow;
  return TRUE;
}

/* "stability": how many equal readings make one (optional). */
static gboolean
load_stability (Ctx           *ctx,
                DabiaoProfile *profile,
                JsonNode      *node)
{
  static const char *const allowed_s[] = { "count", "suppress_repeats", NULL };
  int count = 1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, "stability", _("expected an object like {\"count\": 2}"));
  if (!check_members (ctx, json_node_get_object (node), "stability", allowed_s) ||
      !get_int (ctx, json_node_get_object (node), "count", 1, 100, &count) ||
      !get_bool (ctx, json_node_get_object (node), "suppress_repeats", &profile->suppress_repeats))
    return FALSE;
  profile->stable_count = count;
  return TRUE;
}

/* "record" (line and stx families; a default for lines), "frame" (stx) and
 * "bus" (rs485, modbus): what each family reads from the wire. */
static gboolean
load_family_parts (Ctx           *ctx,
                   DabiaoProfile *profile,
                   JsonObject    *root)
{
  DabiaoFamily family = profile->family;
  JsonNode *node = json_object_get_member (root, "record");

  if (family == DABIAO_FAMILY_LINE || family == DABIAO_FAMILY_STX)
    {
      if (node == NULL)
        {
          /* One number per line, optionally followed by its unit. */
          profile->regex = g_regex_new ("^\\s*(?<value>[-+]?\\s*[0-9]+(?:\\.[0-9]+)?(?::[0-9]+(?:\\.[0-9]+)?)?)\\s*(?<unit>[A-Za-z]*)\\s*$",
                                        G_REGEX_OPTIMIZE, 0, NULL);
        }
      else if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, "record", _("expected an object like {\"regex\": \"…\"}"));
      else if (!load_record (ctx, profile, json_node_get_object (node)))
        return FALSE;
    }
  else if (node != NULL)
    return fail (ctx, "record", _("only the line and stx families take a record description"));

  if ((node = json_object_get_member (root, "frame")) != NULL)
    {
      static const char *const allowed_f[] = { "checksum", "checksum_format", NULL };
      static const char *checksums[] = { "none", "xor", "lrc" };
      static const char *formats[] = { "byte", "hex" };
      int checksum = DABIAO_CHECKSUM_XOR, format = 0;

      if (family != DABIAO_FAMILY_STX || !JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, "frame", _("only the stx family takes a frame description"));
      if (!check_members (ctx, json_node_get_object (node), "frame", allowed_f) ||
          !get_enum (ctx, json_node_get_object (node), "checksum", checksums, G_N_ELEMENTS (checksums), &checksum) ||
          !get_enum (ctx, json_node_get_object (node), "checksum_format", formats, G_N_ELEMENTS (formats), &format))
        return FALSE;
      profile->checksum = checksum;
      profile->checksum_hex = (format == 1);
    }
  else if (family == DABIAO_FAMILY_STX)
    profile->checksum = DABIAO_CHECKSUM_XOR;

  if ((node = json_object_get_member (root, "bus")) != NULL)
    {
      if ((family != DABIAO_FAMILY_RS485 && family != DABIAO_FAMILY_MODBUS) || !JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, "bus", _("only the rs485 and modbus families take a bus description"));
      if (!load_bus (ctx, profile, json_node_get_object (node)))
        return FALSE;
    }
  else if (family == DABIAO_FAMILY_MODBUS)
    return fail (ctx, "bus", _("missing; a modbus profile names its registers"));

  if ((family == DABIAO_FAMILY_RS485 || family == DABIAO_FAMILY_MODBUS) && profile->poll_interval_ms == 0)
    profile->poll_interval_ms = 100;
  /* A card reader is asked "is there a card?" twice a second. */
  if (family == DABIAO_FAMILY_SAM && profile->poll_interval_ms == 0)
    profile->poll_interval_ms = 500;
  if (family == DABIAO_FAMILY_SICS && profile->request == NULL)
    profile->request = string_bytes ("S\r\n");
  return TRUE;
}

/* Every item the profile delivers, NULL-terminated; the first is its item
 * when it names none. */
static void
collect_items (DabiaoProfile *profile)
{
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < profile->values->len; i++)
    {
      const char *item = g_array_index (profile->values, DabiaoValueSpec, i).item;
      gboolean seen = FALSE;

      if (item == NULL)
        item = profile->item;
      for (guint j = 0; j < items->len; j++)
        seen = seen || g_str_equal (items->pdata[j], item);
      if (item && !seen)
        g_ptr_array_add (items, g_strdup (item));
    }
  if (items->len == 0 && profile->item)
    g_ptr_array_add (items, g_strdup (profile->item));
  g_ptr_array_add (items, NULL);
  profile->items = (char **) g_ptr_array_free (items, FALSE);
  if (profile->item == NULL && profile->items[0] != NULL)
    profile->item = g_strdup (profile->items[0]);
}

DabiaoProfile *
dabiao_profile_new_from_data (const char  *data,
                              gsize        len,
                              const char  *source_name,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DabiaoProfile) profile = NULL;
  Ctx ctx = { source_name, error };
  JsonObject *root;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: not a valid profile (JSON): %s"), source_name, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: a profile is a JSON object { … }"), source_name);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  profile = profile_new (source_name);

  if (!load_top (&ctx, profile, root))
    return NULL;
  if ((node = json_object_get_member (root, "serial")) != NULL && !load_serial (&ctx, profile, node))
    return NULL;
  if ((node = json_object_get_member (root, "stability")) != NULL && !load_stability (&ctx, profile, node))
    return NULL;
  if (!load_family_parts (&ctx, profile, root))
    return NULL;
  if (!check_unit (&ctx, "unit", profile->unit, profile->item))
    return NULL;
  collect_items (profile);
  return g_steal_pointer (&profile);
}

DabiaoProfile *
dabiao_profile_new_from_file (const char  *path,
                              GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Cannot read the profile %s: %s"), path, local_error->message);
      return NULL;
    }
  return dabiao_profile_new_from_data (contents, len, path, error);
}

static char *
user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "dabiao", "instruments", NULL);
}

DabiaoProfile *
dabiao_profile_lookup (const char  *name_or_path,
                       GError     **error)
{
  g_autofree char *user_path = NULL;
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".json"))
    return dabiao_profile_new_from_file (name_or_path, error);

  {
    g_autofree char *dir = user_dir ();
    user_path = g_strdup_printf ("%s/%s.json", dir, name_or_path);
  }
  if (g_file_test (user_path, G_FILE_TEST_EXISTS))
    return dabiao_profile_new_from_file (user_path, error);

  _dabiao_instruments_ensure_resources ();
  resource = g_strdup_printf ("%s/%s.json", PROFILE_RESOURCE_DIR, name_or_path);
  bytes = g_resources_lookup_data (resource, 0, NULL);
  if (bytes != NULL)
    return dabiao_profile_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                         name_or_path, error);

  {
    g_auto(GStrv) names = dabiao_profile_list_names ();
    g_autofree char *list = g_strjoinv (", ", names);

    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                 _("No instrument profile “%s”; known profiles: %s"), name_or_path, list);
  }
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

char **
dabiao_profile_list_names (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) children = (_dabiao_instruments_ensure_resources (), g_resources_enumerate_children (PROFILE_RESOURCE_DIR, 0, NULL));
  g_autofree char *dir_path = user_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);

  for (guint i = 0; children && children[i]; i++)
    if (g_str_has_suffix (children[i], ".json"))
      g_ptr_array_add (names, g_strndup (children[i], strlen (children[i]) - 5));

  if (dir)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (g_str_has_suffix (name, ".json"))
            {
              g_autofree char *base = g_strndup (name, strlen (name) - 5);

              if (!g_ptr_array_find_with_equal_func (names, base, g_str_equal, NULL))
                g_ptr_array_add (names, g_steal_pointer (&base));
            }
        }
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* Getters ---------------------------------------------------------------- */

const char *dabiao_profile_get_name (DabiaoProfile *p) { return p->name; }
const char *dabiao_profile_get_title (DabiaoProfile *p) { return p->title ? p->title : p->name; }
const char *dabiao_profile_get_description (DabiaoProfile *p) { return p->description; }
DabiaoFamily dabiao_profile_get_family (DabiaoProfile *p) { return p->family; }
const char *dabiao_profile_get_family_name (DabiaoProfile *p) { return family_names[p->family]; }
DabiaoBinding dabiao_profile_get_binding (DabiaoProfile *p) { return p->binding; }
const char *dabiao_profile_get_item (DabiaoProfile *p) { return p->item; }
const char *const *dabiao_profile_get_items (DabiaoProfile *p) { return (const char *const *) p->items; }
const DabiaoSerialSettings *dabiao_profile_get_serial (DabiaoProfile *p) { return &p->serial; }

static gboolean
timed (const char *item)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (item);

  return info != NULL && g_str_equal (info->unit, "s");
}

gboolean
dabiao_profile_measures (DabiaoProfile *p,
                         const char    *item)
{
  const char * const *items = dabiao_profile_get_items (p);
  const char *own = dabiao_profile_get_item (p);

  if (item == NULL || (own == NULL && (items == NULL || items[0] == NULL)))
    return TRUE;
  if (g_strcmp0 (own, item) == 0 || (items != NULL && g_strv_contains (items, item)))
    return TRUE;
  return own != NULL && timed (own) && timed (item);
}
guint dabiao_profile_get_poll_interval (DabiaoProfile *p) { return p->poll_interval_ms; }
guint dabiao_profile_get_n_values (DabiaoProfile *p) { return p->values->len; }

const DabiaoValueSpec *
dabiao_profile_get_value_spec (DabiaoProfile *p,
                               guint          index)
{
  g_return_val_if_fail (index < p->values->len, NULL);
  return &g_array_index (p->values, DabiaoValueSpec, index);
}

gboolean
dabiao_profile_has_request (DabiaoProfile *p)
{
  return p->request != NULL || p->family == DABIAO_FAMILY_RS485 || p->family == DABIAO_FAMILY_MODBUS ||
         p->family == DABIAO_FAMILY_SAM;
}

gboolean
dabiao_profile_has_sequence (DabiaoProfile *p)
{
  if (p->family == DABIAO_FAMILY_MODBUS)
    return p->sequence_register >= 0;
  if (p->regex)
    return g_regex_get_string_number (p->regex, "sequence") >= 0;
  return p->sequence_field >= 0;
}

gboolean
dabiao_profile_has_time (DabiaoProfile *p)
{
  if (p->regex)
    return g_regex_get_string_number (p->regex, "time") >= 0;
  return p->time_field >= 0;
}

gboolean
dabiao_profile_has_checksum (DabiaoProfile *p)
{
  return (p->family == DABIAO_FAMILY_STX && p->checksum != DABIAO_CHECKSUM_NONE) ||
         p->family == DABIAO_FAMILY_RS485 || p->family == DABIAO_FAMILY_MODBUS ||
         p->family == DABIAO_FAMILY_SAM;
}

gboolean
dabiao_profile_has_stability (DabiaoProfile *p)
{
  switch (p->family)
    {
    case DABIAO_FAMILY_WEIGHING:
    case DABIAO_FAMILY_SICS:
      return TRUE;
    case DABIAO_FAMILY_RS485:
      return p->unconfirmed >= 0;
    case DABIAO_FAMILY_MODBUS:
      return p->status_register >= 0;
    case DABIAO_FAMILY_SAM:
      return FALSE;
    case DABIAO_FAMILY_LINE:
    case DABIAO_FAMILY_STX:
    default:
      if (p->regex)
        return g_regex_get_string_number (p->regex, "status") >= 0 && p->stable_status != NULL;
      return p->status_field >= 0 && p->stable_status != NULL;
    }
}

gboolean
dabiao_profile_can_resend (DabiaoProfile *p)
{
  return p->resend_command != NULL && dabiao_profile_has_sequence (p);
}

/* Commands --------------------------------------------------------------- */

GBytes *
_dabiao_profile_frame_stx (DabiaoProfile *p,
                           const char    *payload,
                           guint8         corrupt)
{
  GByteArray *out = g_byte_array_new ();
  gsize len = strlen (payload);
  guint8 c;

  g_byte_array_append (out, (const guint8 *) "\x02", 1);
  g_byte_array_append (out, (const guint8 *) payload, len);
  g_byte_array_append (out, (const guint8 *) "\x03", 1);
  if (p->checksum != DABIAO_CHECKSUM_NONE)
    {
      /* The checksum covers the payload and the ETX. */
      c = p->checksum == DABIAO_CHECKSUM_XOR
          ? dabiao_checksum_xor (out->data + 1, out->len - 1)
          : dabiao_checksum_lrc (out->data + 1, out->len - 1);
      c ^= corrupt;
      if (p->checksum_hex)
        {
          char hex[3];

          g_snprintf (hex, sizeof hex, "%02X", c);
          g_byte_array_append (out, (const guint8 *) hex, 2);
        }
      else
        g_byte_array_append (out, &c, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
text_command (DabiaoProfile *p,
              const char    *text)
{
  if (text == NULL)
    return NULL;
  if (p->family == DABIAO_FAMILY_STX)
    return _dabiao_profile_frame_stx (p, text, 0);
  return g_bytes_new (text, strlen (text));
}

static GBytes *
rs485_frame (DabiaoProfile *p,
             guint8         func)
{
  guint8 frame[4 + 4 + 1] = { 0x5A, (guint8) p->address, func };
  gsize n = 3 + p->data_length;

  frame[n] = dabiao_checksum_sum8 (frame, n);
  return g_bytes_new (frame, n + 1);
}

GBytes *
dabiao_profile_build_request (DabiaoProfile *p)
{
  if (p->family == DABIAO_FAMILY_RS485)
    return rs485_frame (p, 0x03);
  if (p->family == DABIAO_FAMILY_MODBUS)
    {
      guint8 f[8] = { (guint8) p->address, 0x03,
                      (guint8) (p->reg_start >> 8), (guint8) p->reg_start,
                      (guint8) (p->reg_count >> 8), (guint8) p->reg_count };
      guint16 crc = dabiao_checksum_crc16 (f, 6);

      f[6] = crc & 0xFF;
      f[7] = crc >> 8;
      return g_bytes_new (f, 8);
    }
  if (p->family == DABIAO_FAMILY_SAM)
    return dabiao_sam_command (DABIAO_SAM_CMD_FIND, DABIAO_SAM_PARA_FIND);
  if (p->request == NULL)
    return NULL;
  if (p->family == DABIAO_FAMILY_STX)
    {
      g_autofree char *s = g_strndup (g_bytes_get_data (p->request, NULL), g_bytes_get_size (p->request));
      return _dabiao_profile_frame_stx (p, s, 0);
    }
  return g_bytes_ref (p->request);
}

GBytes *
dabiao_profile_build_ack (DabiaoProfile *p)
{
  if (p->family == DABIAO_FAMILY_RS485)
    return rs485_frame (p, 0x01);
  if (p->ack == NULL)
    return NULL;
  if (p->family == DABIAO_FAMILY_STX)
    {
      g_autofree char *s = g_strndup (g_bytes_get_data (p->ack, NULL), g_bytes_get_size (p->ack));
      return _dabiao_profile_frame_stx (p, s, 0);
    }
  return g_bytes_ref (p->ack);
}

static char *
substitute (const char *template,
            const char *key,
            const char *value)
{
  g_auto(GStrv) parts = g_strsplit (template, key, -1);
  return g_strjoinv (value, parts);
}

GBytes *
dabiao_profile_build_subject (DabiaoProfile *p,
                              const char    *participant_id)
{
  g_autofree char *text = NULL;

  if (p->subject_command == NULL)
    return NULL;
  text = substitute (p->subject_command, "{participant}", participant_id);
  return text_command (p, text);
}

GBytes *
dabiao_profile_build_resend (DabiaoProfile *p,
                             gint64         sequence)
{
  g_autofree char *text = NULL;
  char seq[32];

  if (p->resend_command == NULL)
    return NULL;
  g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, sequence);
  text = substitute (p->resend_command, "{sequence}", seq);
  return text_command (p, text);
}
