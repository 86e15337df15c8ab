/* dabiao-event-stations.c
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
#include "dabiao-event.h"
#include "dabiao-event-private.h"

/* Station definitions live in the audited settings store under one key,
 * "stations", as one JSON document:
 *
 *   {"version": 1, "stations": [{"name": "身高体重", "items": ["height", "weight"],
 *                                 "profile": "height-weight-line"}, …]}
 *
 * One key for the whole list (not one key per station) because settings
 * merge by last writer per key and have no tombstones: a removed station
 * stays removed after a merge with a file that still lists it only when the
 * list is a single value. */

#define STATIONS_KEY "stations"
#define MAX_STATION_NAME 64

DabiaoStationDefinition *
dabiao_station_definition_new (const char         *name,
                               const char * const *items,
                               const char         *profile)
{
  DabiaoStationDefinition *definition = g_new0 (DabiaoStationDefinition, 1);

  definition->name = g_strdup (name);
  definition->items = items != NULL ? g_strdupv ((char **) items) : g_new0 (char *, 1);
  definition->profile = profile != NULL && *profile != '\0' ? g_strdup (profile) : NULL;
  return definition;
}

DabiaoStationDefinition *
dabiao_station_definition_copy (const DabiaoStationDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);

  return dabiao_station_definition_new (definition->name, (const char * const *) definition->items,
                                        definition->profile);
}

void
dabiao_station_definition_free (DabiaoStationDefinition *definition)
{
  if (definition == NULL)
    return;
  g_free (definition->name);
  g_strfreev (definition->items);
  g_free (definition->profile);
  g_free (definition);
}

static const DabiaoEventItem *
find_in_items (GPtrArray  *items,
               const char *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->code, code)
          || (*item->number != '\0' && g_str_equal (item->number, code))
          || g_str_equal (item->name, code))
        return item;
    }
  return NULL;
}

/* Checks @definitions against the event's @items and returns a normalised
 * copy (names trimmed, items by code, empty profile = none). */
GPtrArray *
dabiao_station_definitions_validate (GPtrArray  *items,
                                      GPtrArray  *definitions,
                                      GError    **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; definitions != NULL && i < definitions->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);
      g_autofree char *name = g_strstrip (g_strdup (definition->name != NULL ? definition->name : ""));
      g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_auto(GStrv) built = NULL;
      guint n = 0;

      if (*name == '\0')
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Station %u needs a name"), i + 1);
          return NULL;
        }
      if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > MAX_STATION_NAME)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Station name “%s” is too long (at most %d characters)"),
                       g_utf8_validate (name, -1, NULL) ? name : "?", MAX_STATION_NAME);
          return NULL;
        }
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
          {
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                         _("Station name “%s” contains a control character"), name);
            return NULL;
          }
      if (g_hash_table_contains (names, name))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Station name “%s” is used twice"), name);
          return NULL;
        }
      for (guint j = 0; definition->items != NULL && definition->items[j] != NULL; j++)
        {
          g_autofree char *code = g_strstrip (g_strdup (definition->items[j]));
          const DabiaoEventItem *item = find_in_items (items, code);

          if (item == NULL)
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("Station “%s”: the event has no item “%s”"), name, code);
              return NULL;
            }
          if (!g_hash_table_add (seen, item->code))
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("Station “%s” lists item %s twice"), name, item->name);
              return NULL;
            }
          g_strv_builder_add (codes, item->code);
          n++;
        }
      if (n == 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Station “%s” has no items; tick at least one"), name);
          return NULL;
        }
      built = g_strv_builder_end (codes);
      g_ptr_array_add (result, dabiao_station_definition_new (name, (const char * const *) built,
                                                              definition->profile));
      g_hash_table_add (names, ((DabiaoStationDefinition *) g_ptr_array_index (result, result->len - 1))->name);
    }
  return g_steal_pointer (&result);
}

char *
_dabiao_station_definitions_to_json (GPtrArray *definitions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "stations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < definitions->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, definition->name);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint j = 0; definition->items[j] != NULL; j++)
        json_builder_add_string_value (builder, definition->items[j]);
      json_builder_end_array (builder);
      if (definition->profile != NULL)
        {
          json_builder_set_member_name (builder, "profile");
          json_builder_add_string_value (builder, definition->profile);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
bad_json (const char  *basename,
          const char  *what,
          GError     **error)
{
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
               _("The station definitions in “%s” cannot be read: %s"), basename, what);
  return FALSE;
}

static GPtrArray *
definitions_from_json (const char  *basename,
                       const char  *json,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *stations;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      bad_json (basename, local_error->message, error);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      bad_json (basename, _("expected a JSON object"), error);
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "stations")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "stations")))
    {
      bad_json (basename, _("no “stations” list"), error);
      return NULL;
    }
  stations = json_object_get_array_member (object, "stations");
  for (guint i = 0; i < json_array_get_length (stations); i++)
    {
      JsonNode *node = json_array_get_element (stations, i);
      g_autoptr(GStrvBuilder) items = g_strv_builder_new ();
      g_auto(GStrv) built = NULL;
      JsonObject *station;
      JsonNode *member;
      const char *name;
      const char *profile = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_json (basename, _("a station is not a JSON object"), error);
          return NULL;
        }
      station = json_node_get_object (node);
      member = json_object_get_member (station, "name");
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          bad_json (basename, _("a station has no name"), error);
          return NULL;
        }
      name = json_node_get_string (member);
      member = json_object_get_member (station, "items");
      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        {
          bad_json (basename, _("a station has no item list"), error);
          return NULL;
        }
      for (guint j = 0; j < json_array_get_length (json_node_get_array (member)); j++)
        {
          JsonNode *item = json_array_get_element (json_node_get_array (member), j);

          if (json_node_get_value_type (item) != G_TYPE_STRING)
            {
              bad_json (basename, _("an item is not text"), error);
              return NULL;
            }
          g_strv_builder_add (items, json_node_get_string (item));
        }
      member = json_object_get_member (station, "profile");
      if (member != NULL && json_node_get_value_type (member) == G_TYPE_STRING)
        profile = json_node_get_string (member);
      built = g_strv_builder_end (items);
      g_ptr_array_add (result, dabiao_station_definition_new (name, (const char * const *) built, profile));
    }
  return g_steal_pointer (&result);
}

gboolean
_dabiao_station_definitions_check_json (const char  *basename,
                                        const char  *json,
                                        GError     **error)
{
  g_autoptr(GPtrArray) definitions = definitions_from_json (basename, json, error);

  return definitions != NULL;
}

GPtrArray *
dabiao_event_list_station_definitions (DabiaoEvent  *self,
                                       GError      **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  json = dabiao_event_get_setting (self, STATIONS_KEY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (json == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  return definitions_from_json (_dabiao_event_get_basename (self), json, error);
}

DabiaoStationDefinition *
dabiao_event_find_station_definition (DabiaoEvent  *self,
                                      const char   *name,
                                      GError      **error)
{
  g_autoptr(GPtrArray) definitions = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  definitions = dabiao_event_list_station_definitions (self, error);
  if (definitions == NULL)
    return NULL;
  for (guint i = 0; name != NULL && i < definitions->len; i++)
    {
      DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);

      if (g_str_equal (definition->name, name))
        return dabiao_station_definition_copy (definition);
    }
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
               _("The event has no station “%s”"), name != NULL ? name : "");
  return NULL;
}

gboolean
dabiao_event_set_station_definitions (DabiaoEvent  *self,
                                      GPtrArray    *definitions,
                                      GError      **error)
{
  g_autoptr(GPtrArray) valid = NULL;
  g_autofree char *json = NULL;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  valid = dabiao_station_definitions_validate (dabiao_event_get_items (self), definitions, error);
  if (valid == NULL)
    {
      _dabiao_event_unlock (self);
      return FALSE;
    }
  json = _dabiao_station_definitions_to_json (valid);
  ok = dabiao_event_set_setting (self, STATIONS_KEY, json, error);
  _dabiao_event_unlock (self);
  return ok;
}

/* Read, change and write the list under the event's lock.  @name: the
 * station to replace or remove (NULL: add @definition); @definition NULL:
 * remove. */
static gboolean
change_definitions (DabiaoEvent                   *self,
                    const char                    *name,
                    const DabiaoStationDefinition *definition,
                    GError                       **error)
{
  g_autoptr(GPtrArray) definitions = NULL;
  gboolean ok = FALSE;

  _dabiao_event_lock (self);
  definitions = dabiao_event_list_station_definitions (self, error);
  if (definitions == NULL)
    goto out;
  if (name == NULL)
    g_ptr_array_add (definitions, dabiao_station_definition_copy (definition));
  else
    {
      guint i;

      for (i = 0; i < definitions->len; i++)
        if (g_str_equal (((DabiaoStationDefinition *) g_ptr_array_index (definitions, i))->name, name))
          break;
      if (i == definitions->len)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                       _("The event has no station “%s”"), name);
          goto out;
        }
      if (definition == NULL)
        g_ptr_array_remove_index (definitions, i);
      else
        {
          dabiao_station_definition_free (g_ptr_array_index (definitions, i));
          g_ptr_array_index (definitions, i) = dabiao_station_definition_copy (definition);
        }
    }
  ok = dabiao_event_set_station_definitions (self, definitions, error);

out:
  _dabiao_event_unlock (self);
  return ok;
}

gboolean
dabiao_event_add_station_definition (DabiaoEvent                    *self,
                                     const DabiaoStationDefinition  *definition,
                                     GError                        **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (definition != NULL, FALSE);

  return change_definitions (self, NULL, definition, error);
}

gboolean
dabiao_event_update_station_definition (DabiaoEvent                    *self,
                                        const char                     *name,
                                        const DabiaoStationDefinition  *definition,
                                        GError                        **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (definition != NULL, FALSE);

  return change_definitions (self, name, definition, error);
}

gboolean
dabiao_event_remove_station_definition (DabiaoEvent  *self,
                                        const char   *name,
                                        GError      **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return change_definitions (self, name, NULL, error);
}

/* ---- DabiaoEventInfo ----------------------------------------------------- */

DabiaoEventInfo *
dabiao_event_info_copy (const DabiaoEventInfo *info)
{
  DabiaoEventInfo *copy;
  DabiaoEventItemChoice *items;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (DabiaoEventInfo, 1);
  copy->name = g_strdup (info->name);
  copy->standard = g_strdup (info->standard);
  copy->date = g_strdup (info->date);
  copy->place = g_strdup (info->place);
  copy->organizer = g_strdup (info->organizer);
  if (info->items != NULL)
    {
      items = g_new0 (DabiaoEventItemChoice, MAX (info->n_items, 1));
      for (guint i = 0; i < info->n_items; i++)
        {
          items[i].code = g_strdup (info->items[i].code);
          items[i].attempts = info->items[i].attempts;
        }
      copy->items = items;
      copy->n_items = info->n_items;
    }
  copy->parts = (const char * const *) g_strdupv ((char **) info->parts);
  if (info->stations != NULL)
    {
      copy->stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
      for (guint i = 0; i < info->stations->len; i++)
        g_ptr_array_add (copy->stations, dabiao_station_definition_copy (g_ptr_array_index (info->stations, i)));
    }
  return copy;
}

void
dabiao_event_info_free (DabiaoEventInfo *info)
{
  if (info == NULL)
    return;
  g_free ((char *) info->name);
  g_free ((char *) info->standard);
  g_free ((char *) info->date);
  g_free ((char *) info->place);
  g_free ((char *) info->organizer);
  for (guint i = 0; info->items != NULL && i < info->n_items; i++)
    g_free ((char *) info->items[i].code);
  g_free ((DabiaoEventItemChoice *) info->items);
  g_clear_pointer (&info->stations, g_ptr_array_unref);
  g_strfreev ((char **) info->parts);
  g_free (info);
}

/* ---- Stations ---------------------------------------------------------- */

void
dabiao_station_info_free (DabiaoStationInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->last_operator);
  g_free (info);
}

static gpointer
read_station_info (sqlite3_stmt *stmt)
{
  DabiaoStationInfo *info = g_new0 (DabiaoStationInfo, 1);

  info->name = g_strdup (_dabiao_event_column_str (stmt, 0));
  info->measurements = sqlite3_column_int (stmt, 1);
  info->first_at = sqlite3_column_int64 (stmt, 2);
  info->last_at = sqlite3_column_int64 (stmt, 3);
  info->last_operator = g_strdup (_dabiao_event_column_str (stmt, 4));
  return info;
}

GPtrArray *
dabiao_event_list_stations (DabiaoEvent  *self,
                            GError      **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  return _dabiao_event_read_rows (self,
                                  "SELECT station, count(*), min(recorded_at), max(recorded_at),"
                                  " (SELECT operator FROM measurements l WHERE l.station = m.station"
                                  "  ORDER BY recorded_at DESC LIMIT 1)"
                                  " FROM measurements m GROUP BY station ORDER BY station",
                                  NULL, read_station_info, (GDestroyNotify) dabiao_station_info_free, error);
}
